package com.cordiul.dialqueue;

import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the dial queue carries: which call to dial, never the call itself (the record is the truth, read by the
 * dialer under its claim). {@code renewal} counts how often a long-waiting message was sent again as a fresh one, so
 * that waiting never runs into the queue's {@code maxReceiveCount}.
 *
 * @param owner the account the call belongs to
 * @param callId the call's id
 * @param renewal 0 for the message create-call sent, n for its n-th renewal
 */
public record DialMessage(String owner, String callId, int renewal) implements JsonWritable {

    public DialMessage {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(callId, "callId");
        if (renewal < 0) {
            throw new IllegalArgumentException("renewal must not be negative");
        }
    }

    /** The message create-call sends for a new call. */
    public static DialMessage of(String owner, String callId) {
        return new DialMessage(owner, callId, 0);
    }

    /** The same request sent again, one renewal later. */
    public DialMessage renewed() {
        return new DialMessage(owner, callId, renewal + 1);
    }

    /** The body as sent. */
    public String toJson() {
        return Json.write(this);
    }

    /** A body read back; empty when it is not a dial message (never sent by Cordiul). */
    public static Optional<DialMessage> parse(String body) {
        try {
            if (Json.parse(body) instanceof Map<?, ?> map && map.get("owner") instanceof String owner
                    && map.get("call_id") instanceof String callId && !owner.isEmpty() && !callId.isEmpty()) {
                Object renewal = map.get("renewal");
                int n = renewal instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE ? l.intValue() : 0;
                return Optional.of(new DialMessage(owner, callId, n));
            }
        } catch (RuntimeException unreadable) {
            // Falls through: not a dial message.
        }
        return Optional.empty();
    }

    @Override
    public void writeJson(JsonWriter out) {
        out.field("owner", owner).field("call_id", callId);
        if (renewal > 0) {
            out.field("renewal", renewal);
        }
    }
}
