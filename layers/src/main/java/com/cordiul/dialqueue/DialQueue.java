package com.cordiul.dialqueue;

import com.cordiul.logging.Log;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The dial queue, on SQS. On a FIFO queue (its URL ends in {@code .fifo}) every owner is one message group, so an
 * owner's calls keep their order and an owner whose head call waits blocks only its own line, and the call id is the
 * deduplication id, so a create-call retried within SQS's five minutes cannot queue a call twice. The group id is a
 * hash of the owner: an owner id may hold characters SQS refuses in a group id, and need not be exposed to SQS.
 */
public class DialQueue {

    private final SqsClient sqs;
    private final String queueUrl;
    private final boolean fifo;

    public DialQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.fifo = queueUrl.endsWith(".fifo");
    }

    /** The queue's URL. */
    public String url() {
        return queueUrl;
    }

    /**
     * Queues a dial request. Throws {@link QueueUnavailableException} when SQS did not take it; it may then have
     * been queued after all (a lost answer), which is harmless: the dialer drops a message whose call it never
     * finds.
     */
    public void send(DialMessage message) {
        SendMessageRequest.Builder request = SendMessageRequest.builder().queueUrl(queueUrl)
                .messageBody(message.toJson());
        if (fifo) {
            request.messageGroupId(group(message.owner()))
                    .messageDeduplicationId(message.renewal() == 0 ? message.callId()
                            : message.callId() + "." + message.renewal());
        }
        try {
            sqs.sendMessage(request.build());
        } catch (SdkException e) {
            throw new QueueUnavailableException("The dial queue is unavailable; the call was not queued. Nothing "
                    + "was recorded; retry shortly.", e);
        }
    }

    /**
     * Makes received messages visible again after a delay (whole seconds, 0 to 12 hours): the dialer's way of
     * putting a message back. Failures are logged, not thrown: the message then comes back after the queue's own
     * visibility timeout.
     */
    public void delay(List<Delayed> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<Delayed> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new java.util.ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                Delayed d = chunk.get(i);
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(d.receiptHandle()).visibilityTimeout(seconds(d.delay())).build());
            }
            try {
                var response = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
                if (response.hasFailed() && !response.failed().isEmpty()) {
                    Log.warn("some messages could not be delayed; they return after the visibility timeout",
                            "failed", response.failed().size());
                }
            } catch (SdkException e) {
                Log.error("messages could not be delayed; they return after the visibility timeout", e,
                        "messages", chunk.size());
            }
        }
    }

    /** Reads the queue's attributes: a request that changes nothing, for priming the SQS request path. */
    public void readAttributes() {
        sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT));
    }

    /** The message group of an owner's calls: the SHA-256 of the owner id, in hex. */
    static String group(String owner) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static int seconds(Duration delay) {
        long s = (delay.toMillis() + 999) / 1000;
        return (int) Math.max(0, Math.min(Duration.ofHours(12).toSeconds(), s));
    }

    /**
     * A received message to put back.
     *
     * @param receiptHandle the handle of this receipt
     * @param delay how long it stays invisible
     */
    public record Delayed(String receiptHandle, Duration delay) {
    }
}
