package com.cordiul.local.voice;

import java.util.Map;

/**
 * What the simulated account placed since the start (or the last {@code reset}): the figures a load test checks
 * against Chime's quotas and against "each call dialed exactly once".
 *
 * @param placed                calls placed (every accepted dial, including those answered with an error after
 *                              placing)
 * @param placedByCallId        placed calls per {@code call_id} of the dial's ArgumentsMap
 * @param placedByDestination   placed calls per ToPhoneNumber
 * @param maxPlacedInAnySecond  the most calls placed within any one-second window
 * @param activeCalls           calls placed and not yet hung up, now
 * @param peakActiveCalls       the most calls active at once
 * @param throttledDials        CreateSipMediaApplicationCall requests refused by the dial rate (429)
 * @param refusedAtCapacity     dials refused because the active-call limit was reached (ResourceLimitExceeded)
 * @param throttledUpdates      UpdateSipMediaApplicationCall requests refused by the update rate (429)
 */
public record DialStats(int placed, Map<String, Integer> placedByCallId, Map<String, Integer> placedByDestination,
                        int maxPlacedInAnySecond, int activeCalls, int peakActiveCalls, int throttledDials,
                        int refusedAtCapacity, int throttledUpdates) {

    public DialStats {
        placedByCallId = Map.copyOf(placedByCallId);
        placedByDestination = Map.copyOf(placedByDestination);
    }

    /** Calls placed for this call id. */
    public int placedFor(String callId) {
        return placedByCallId.getOrDefault(callId, 0);
    }

    /** Calls placed to this number. */
    public int placedTo(String toPhoneNumber) {
        return placedByDestination.getOrDefault(toPhoneNumber, 0);
    }
}
