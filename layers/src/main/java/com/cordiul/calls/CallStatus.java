package com.cordiul.calls;

import java.util.Optional;

/**
 * Where a call stands. Statuses move forward only: the rank never decreases, and every terminal status has the
 * highest rank.
 */
public enum CallStatus {
    /** Recorded; Chime has not confirmed the dial yet. */
    INITIATING("initiating", 0),
    /** Chime accepted the call (NEW_OUTBOUND_CALL). */
    QUEUED("queued", 1),
    /** The far end is ringing (RINGING). */
    RINGING("ringing", 2),
    /** The far end answered (CALL_ANSWERED). */
    IN_PROGRESS("in-progress", 3),
    /** Hung up after an answer. */
    COMPLETED("completed", 4),
    /** The far end was busy (SIP 486 before an answer). */
    BUSY("busy", 4),
    /** Nobody answered (SIP 480 or 408 before an answer). */
    NO_ANSWER("no-answer", 4),
    /** The call could not be placed or ended before an answer for another reason. */
    FAILED("failed", 4),
    /** The call was cancelled before an answer (SIP 487). */
    CANCELED("canceled", 4);

    private final String value;
    private final int rank;

    CallStatus(String value, int rank) {
        this.value = value;
        this.rank = rank;
    }

    /** The wire name, e.g. {@code in-progress}. */
    public String value() {
        return value;
    }

    /** Position in the forward-only order. */
    public int rank() {
        return rank;
    }

    /** Whether no event can move the call to a non-terminal status again. */
    public boolean isTerminal() {
        return rank == 4;
    }

    /** The status with that wire name, if there is one. */
    public static Optional<CallStatus> fromValue(String value) {
        for (CallStatus s : values()) {
            if (s.value.equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
