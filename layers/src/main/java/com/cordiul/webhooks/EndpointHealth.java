package com.cordiul.webhooks;

import java.time.Instant;
import java.util.Optional;

/**
 * How an endpoint's deliveries have been going, kept on the endpoint: since when every attempt failed (none failed
 * since the last success: empty), how many failed in a row, and until when no attempt is made at all (the circuit
 * is open). While it is failing, one attempt at a time probes it.
 *
 * @param failingSince when the first of the failures in a row happened
 * @param failures     failed attempts in a row
 * @param openUntil    until when no attempt is made
 */
public record EndpointHealth(Optional<Instant> failingSince, int failures, Optional<Instant> openUntil) {

    /** An endpoint that never failed, or succeeded since. */
    public static EndpointHealth healthy() {
        return new EndpointHealth(Optional.empty(), 0, Optional.empty());
    }

    /** Whether its last attempt failed. */
    public boolean failing() {
        return failingSince.isPresent();
    }

    /** Whether attempts are held back at this instant. */
    public boolean openAt(Instant now) {
        return openUntil.isPresent() && openUntil.get().isAfter(now);
    }
}
