package com.cordiul.local.runner.events;

import com.cordiul.stack.PseudoParameters;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The event Lambda's SQS event source mapping invokes a function with: {@code {"Records": [...]}}, one record per
 * received message, in the order the queue gave them, in the shape of AWS's documented examples: {@code messageId},
 * {@code receiptHandle}, {@code body}, the system {@code attributes} the queue answered (ApproximateReceiveCount,
 * SentTimestamp, SenderId, ApproximateFirstReceiveTimestamp, and for FIFO SequenceNumber, MessageGroupId,
 * MessageDeduplicationId), the {@code messageAttributes} (each with {@code stringValue} or base64
 * {@code binaryValue}, {@code stringListValues}, {@code binaryListValues}, {@code dataType}),
 * {@code md5OfMessageAttributes} when it has some, {@code md5OfBody}, {@code eventSource} {@code aws:sqs},
 * {@code eventSourceARN} (the queue's ARN) and {@code awsRegion}.
 */
final class SqsRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The system attributes in the order AWS's example events list them; any other follows. */
    private static final List<String> ATTRIBUTE_ORDER = List.of("ApproximateReceiveCount", "SentTimestamp",
            "SequenceNumber", "MessageGroupId", "SenderId", "MessageDeduplicationId",
            "ApproximateFirstReceiveTimestamp");
    /** What a record adds to the event beyond its body and attributes, for the 6 MB payload limit. */
    private static final int RECORD_OVERHEAD_BYTES = 1024;

    private SqsRecords() {
    }

    /**
     * The event for a batch.
     *
     * @param messages      as ReceiveMessage gave them (with {@code All} system and message attributes)
     * @param queueArn      the queue's ARN
     * @param batchingWindow whether the mapping has a batching window: Lambda then writes
     *                       {@code "md5OfMessageAttributes": null} for a message without attributes, and leaves it
     *                       out otherwise
     */
    static byte[] event(List<Message> messages, String queueArn, boolean batchingWindow) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            records.add(record(message, queueArn, batchingWindow));
        }
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An SQS event could not be written", e);
        }
    }

    /** A message's share of the invocation payload, roughly: its body, its attributes, the record's keys. */
    static long approximateBytes(Message message) {
        long bytes = message.body().getBytes(StandardCharsets.UTF_8).length + RECORD_OVERHEAD_BYTES;
        for (Map.Entry<String, MessageAttributeValue> a : message.messageAttributes().entrySet()) {
            MessageAttributeValue v = a.getValue();
            bytes += a.getKey().length() + 64 + (v.stringValue() == null ? 0 : v.stringValue().length())
                    + (v.binaryValue() == null ? 0 : v.binaryValue().asByteArrayUnsafe().length * 4L / 3);
        }
        return bytes;
    }

    private static ObjectNode record(Message message, String queueArn, boolean batchingWindow) {
        ObjectNode record = JSON.createObjectNode();
        record.put("messageId", message.messageId());
        record.put("receiptHandle", message.receiptHandle());
        record.put("body", message.body());
        ObjectNode attributes = record.putObject("attributes");
        Map<String, String> system = new LinkedHashMap<>(message.attributesAsStrings());
        for (String name : ATTRIBUTE_ORDER) {
            String value = system.remove(name);
            if (value != null) {
                attributes.put(name, value);
            }
        }
        system.forEach(attributes::put);
        ObjectNode messageAttributes = record.putObject("messageAttributes");
        message.messageAttributes().forEach((name, value) -> messageAttributes.set(name, attribute(value)));
        if (!message.messageAttributes().isEmpty() && message.md5OfMessageAttributes() != null) {
            record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
        } else if (batchingWindow) {
            record.putNull("md5OfMessageAttributes");
        }
        record.put("md5OfBody", message.md5OfBody());
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", queueArn);
        record.put("awsRegion", PseudoParameters.REGION);
        return record;
    }

    private static ObjectNode attribute(MessageAttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        if (value.stringValue() != null) {
            node.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            node.put("binaryValue", value.binaryValue().asByteArray());
        }
        ArrayNode strings = node.putArray("stringListValues");
        value.stringListValues().forEach(strings::add);
        ArrayNode binaries = node.putArray("binaryListValues");
        value.binaryListValues().stream().map(SdkBytes::asByteArray).forEach(binaries::add);
        node.put("dataType", value.dataType());
        return node;
    }
}
