package com.cordiul.calls;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.SortableId;
import com.cordiul.webhooks.WebhookEventTypes;
import com.cordiul.webhooks.delivery.WebhookEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * The webhook event of a status a call took: type {@code call.} + the status, {@code data.call} the call's view at
 * the change. Its id is deterministic, {@code evt_} + a sortable id made of the call's creation time, 60 bits of a
 * hash of the call id and the 20-bit sequence, so that whoever publishes the change (its writer, a later writer, the
 * reconciler) publishes the same event, and a call's events share a prefix that sorts them by sequence: one query
 * reads a call's history.
 */
public final class StatusEvents {

    /** Characters of the id (after {@code evt_}) that a call's events share: time (10) and hash (12). */
    static final int SHARED_CHARS = 22;
    /** Sequences are written in 4 base32 characters. */
    static final long MAX_SEQUENCE = (1L << 20) - 1;

    private StatusEvents() {
    }

    /** The event of the call's status at this sequence, as its view shows it now. */
    public static WebhookEvent of(CallRecord call, long sequence, Instant at) {
        CallView view = CallView.of(call);
        JsonWritable data = out -> out.field("call", view);
        return new WebhookEvent(id(call.id(), call.createdAt(), sequence),
                WebhookEventTypes.ofCallStatus(call.status().value()), at, sequence, data);
    }

    /** The id of a call's event at a sequence (1 for its first). */
    public static String id(String callId, Instant createdAt, long sequence) {
        if (sequence < 1 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("A call's event sequence is 1 to " + MAX_SEQUENCE);
        }
        StringBuilder id = new StringBuilder(prefix(callId, createdAt));
        append(id, sequence, 4);
        return id.toString();
    }

    /** What the ids of every event of the call start with. */
    public static String prefix(String callId, Instant createdAt) {
        StringBuilder id = new StringBuilder(WebhookEvent.ID_PREFIX);
        append(id, Math.min(Math.max(createdAt.toEpochMilli(), 0), SortableId.MAX_MILLIS), 10);
        append(id, hash60(callId), 12);
        return id.toString();
    }

    private static void append(StringBuilder out, long value, int chars) {
        for (int i = chars - 1; i >= 0; i--) {
            out.append(SortableId.ALPHABET.charAt((int) ((value >>> (5 * i)) & 31)));
        }
    }

    private static long hash60(String callId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(callId.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return value >>> 4;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
