package com.cordiul.dialer;

/** What the pacer answered a dialer asking to dial one call. */
public sealed interface PacerDecision {

    /** Dial at {@code slotAt} (epoch ms, at most one interval from now): the slot is this call's alone. */
    record Granted(long slotAt) implements PacerDecision {
    }

    /** Not now; come back after about {@code retryAfterMs}. */
    record Refused(Reason reason, long retryAfterMs) implements PacerDecision {
    }

    /** Why a dial must wait. */
    enum Reason {
        /** Another call holds the next slot: it is one interval away or more. */
        PACE,
        /** Another owner has waited longer since its last dial: its turn comes first. */
        TURN,
        /** As many calls are active as the quota allows. */
        CAPACITY,
        /** The call already holds a slot (a duplicate message, or an attempt that may still claim it). */
        DUPLICATE
    }
}
