package com.cordiul.chime;

/** What became of one CreateSipMediaApplicationCall, as far as Cordiul can know. */
public sealed interface DialOutcome {

    /** Chime accepted the call. */
    record Accepted(String transactionId) implements DialOutcome {
    }

    /** Chime refused the call: it was not placed. */
    record Rejected(Rejection kind, String errorCode) implements DialOutcome {
    }

    /** Chime kept throttling: the call was not placed, even after retries. */
    record Throttled(int attempts) implements DialOutcome {
    }

    /**
     * No answer Cordiul can trust (a timeout, a 5xx, a broken connection): the request may have reached Chime and
     * the call may be ringing. It must not be retried; Chime's events or the stale-call sweeper settle it.
     */
    record Uncertain(String cause) implements DialOutcome {
    }

    /** Why Chime refused a dial. */
    enum Rejection {
        /** Something in the request (numbers, destination): the customer can act on it. */
        INVALID_REQUEST,
        /** The account's concurrent-call limit. */
        CAPACITY,
        /** Chime refused Cordiul's credentials, permissions or configuration: our fault. */
        CONFIGURATION
    }
}
