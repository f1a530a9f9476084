package com.cordiul.dialer;

import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import com.cordiul.dialqueue.DialMessage;
import com.cordiul.dialqueue.DialQueue;
import com.cordiul.logging.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One invocation of the dialer by the SQS event source mapping: the batch's messages in order, each dialed or put
 * back ({@code ReportBatchItemFailures}: the answer names the messages to keep, each made visible again after its
 * own delay with ChangeMessageVisibility first). Once an owner's message is put back, that owner's later messages of
 * the batch go back with it unread, which keeps a FIFO group's order and asks the pacer nothing it just refused. A
 * message that is not a dial request (never sent by Cordiul) is logged and dropped. When the invocation's time runs
 * short, the rest of the batch goes back untouched.
 */
public class DialBatch {

    /** Time a message needs at worst: one pace interval of sleep, the store, and Chime's 7 s client timeout. */
    static final long TIME_PER_MESSAGE_MS = 12_000;

    private final CallDialer dialer;
    private final DialQueue queue;

    public DialBatch(CallDialer dialer, DialQueue queue) {
        this.dialer = dialer;
        this.queue = queue;
    }

    /**
     * Handles the SQS event; returns the batch response. {@code remainingMs} tells how long the invocation has left
     * (Lambda's context), or a large value when unknown.
     */
    public Response handle(byte[] sqsEvent, LongSupplier remainingMs) {
        List<Map<String, Object>> records = records(sqsEvent);
        List<String> failures = new ArrayList<>();
        List<DialQueue.Delayed> delays = new ArrayList<>();
        Map<String, Duration> heldBack = new HashMap<>();
        for (Map<String, Object> record : records) {
            String messageId = string(record, "messageId");
            String receipt = string(record, "receiptHandle");
            DialMessage message = DialMessage.parse(string(record, "body")).orElse(null);
            if (message == null) {
                Log.warn("not a dial message; dropped", "message_id", messageId);
                continue;
            }
            Duration held = heldBack.get(message.owner());
            DialResult result;
            if (held != null) {
                result = new DialResult.Retry(held, "behind its owner's waiting call");
            } else if (remainingMs.getAsLong() < TIME_PER_MESSAGE_MS) {
                result = new DialResult.Retry(Duration.ZERO, "invocation out of time");
            } else {
                Log.put("message_id", messageId);
                result = dialer.dial(message, receiveCount(record), sentAt(record));
            }
            if (result instanceof DialResult.Retry retry) {
                heldBack.putIfAbsent(message.owner(), retry.delay());
                failures.add(messageId);
                delays.add(new DialQueue.Delayed(receipt, retry.delay()));
            }
        }
        if (!delays.isEmpty()) {
            queue.delay(delays);
        }
        return new Response(failures);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> records(byte[] event) {
        Object parsed = Json.parse(event);
        if (!(parsed instanceof Map<?, ?> map) || !(map.get("Records") instanceof List<?> list)) {
            throw new IllegalArgumentException("Not an SQS event: no Records");
        }
        List<Map<String, Object>> records = new ArrayList<>();
        for (Object r : list) {
            if (r instanceof Map<?, ?> m) {
                records.add((Map<String, Object>) m);
            }
        }
        return records;
    }

    private static String string(Map<String, Object> record, String name) {
        return record.get(name) instanceof String s ? s : "";
    }

    private static Map<?, ?> attributes(Map<String, Object> record) {
        return record.get("attributes") instanceof Map<?, ?> m ? m : Map.of();
    }

    private static int receiveCount(Map<String, Object> record) {
        try {
            return Integer.parseInt(String.valueOf(attributes(record).get("ApproximateReceiveCount")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static Instant sentAt(Map<String, Object> record) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(String.valueOf(attributes(record).get("SentTimestamp"))));
        } catch (NumberFormatException e) {
            return Instant.EPOCH;
        }
    }

    /**
     * The answer to the event source mapping.
     *
     * @param failures the ids of the messages to keep (each delayed already)
     */
    public record Response(List<String> failures) implements JsonWritable {

        /** A defensive copy. */
        public Response {
            failures = List.copyOf(failures);
        }

        @Override
        public void writeJson(JsonWriter out) {
            List<Map<String, String>> items = new ArrayList<>();
            failures.forEach(id -> items.add(Map.of("itemIdentifier", id)));
            out.field("batchItemFailures", items);
        }
    }
}
