package com.cordiul.webhooks.delivery;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * One of the pipeline's standard SQS queues, by URL. A message may be delayed up to SQS's {@value #MAX_DELAY_SECONDS}
 * seconds; anything later waits in the deliveries table for the reconciler.
 */
public final class WebhookQueue {

    /** SQS's longest per-message delay. */
    public static final int MAX_DELAY_SECONDS = 900;
    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final String url;

    public WebhookQueue(SqsClient sqs, String url) {
        this.sqs = sqs;
        this.url = url;
    }

    /** The queue's URL. */
    public String url() {
        return url;
    }

    /** Sends one message, visible after {@code delaySeconds} (0 to 900). */
    public void send(String body, int delaySeconds) {
        int delay = Math.max(0, Math.min(MAX_DELAY_SECONDS, delaySeconds));
        try {
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).delaySeconds(delay));
        } catch (SdkException e) {
            throw new QueueUnavailableException("The webhook queue did not take a message", e);
        }
    }

    /** Sends messages at once, ten to a request; any that SQS refused makes it throw (the rest were sent). */
    public void sendAll(List<String> bodies) {
        for (int start = 0; start < bodies.size(); start += BATCH) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = start; i < Math.min(bodies.size(), start + BATCH); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i - start))
                        .messageBody(bodies.get(i)).build());
            }
            try {
                var response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
                if (response.hasFailed() && !response.failed().isEmpty()) {
                    throw new QueueUnavailableException("SQS refused " + response.failed().size()
                            + " message(s) of a batch: " + response.failed().get(0).code(), null);
                }
            } catch (SdkException e) {
                throw new QueueUnavailableException("The webhook queue did not take a batch", e);
            }
        }
    }
}
