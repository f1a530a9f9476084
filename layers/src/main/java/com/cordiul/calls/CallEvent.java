package com.cordiul.calls;

import java.time.Instant;
import java.util.Objects;

/**
 * One fact learned about a call, with the time Cordiul observed it (its own clock: Chime events carry no usable
 * time). Facts only accumulate; {@link CallStatusMachine} derives the status from all facts seen.
 *
 * @param type what happened
 * @param at when Cordiul observed it
 * @param sipCode the SIP response code of a hangup, else null
 * @param detail the transaction id of an accepted dial, or the reason of a failure, else null
 */
public record CallEvent(Type type, Instant at, Integer sipCode, String detail) {

    /** The kinds of fact. */
    public enum Type {
        /** Chime accepted CreateSipMediaApplicationCall and returned a transaction id. */
        DIAL_ACCEPTED,
        /** Chime refused CreateSipMediaApplicationCall: the call was never placed. */
        DIAL_REJECTED,
        /** NEW_OUTBOUND_CALL. */
        QUEUED,
        /** RINGING. */
        RINGING,
        /** CALL_ANSWERED. */
        ANSWERED,
        /** HANGUP, with its SIP response code. */
        HANGUP,
        /** Declared failed by Cordiul itself: the stale-call sweeper. */
        SWEPT
    }

    public CallEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }

    /** Chime accepted the dial. */
    public static CallEvent dialAccepted(Instant at, String transactionId) {
        return new CallEvent(Type.DIAL_ACCEPTED, at, null, Objects.requireNonNull(transactionId));
    }

    /** Chime refused the dial. */
    public static CallEvent dialRejected(Instant at, String reason) {
        return new CallEvent(Type.DIAL_REJECTED, at, null, Objects.requireNonNull(reason));
    }

    /** NEW_OUTBOUND_CALL seen. */
    public static CallEvent queued(Instant at) {
        return new CallEvent(Type.QUEUED, at, null, null);
    }

    /** RINGING seen. */
    public static CallEvent ringing(Instant at) {
        return new CallEvent(Type.RINGING, at, null, null);
    }

    /** CALL_ANSWERED seen. */
    public static CallEvent answered(Instant at) {
        return new CallEvent(Type.ANSWERED, at, null, null);
    }

    /** HANGUP seen, with its SIP response code (0 for normal clearing). */
    public static CallEvent hangup(Instant at, int sipCode) {
        return new CallEvent(Type.HANGUP, at, sipCode, null);
    }

    /** The sweeper gave up on the call. */
    public static CallEvent swept(Instant at, String reason) {
        return new CallEvent(Type.SWEPT, at, null, Objects.requireNonNull(reason));
    }
}
