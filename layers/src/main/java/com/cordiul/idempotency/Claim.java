package com.cordiul.idempotency;

/** What claiming an idempotency key gave: the right to proceed, or the first response to replay. */
public sealed interface Claim {

    /**
     * This request holds the key and proceeds with the call id stored in the claim.
     *
     * @param storageKey the item's partition key
     * @param callId the call id pre-assigned to the key (an earlier holder's, after a takeover)
     * @param lockUntil epoch ms until which the claim is this request's; also the token of the conditional writes
     * @param takeover whether an earlier holder died holding it (its call may already exist, even be dialed)
     */
    record Owned(String storageKey, String callId, long lockUntil, boolean takeover) implements Claim {
    }

    /** The key was used before with the same request, which has completed: answer as it was answered. */
    record Replay(StoredResponse response) implements Claim {
    }
}
