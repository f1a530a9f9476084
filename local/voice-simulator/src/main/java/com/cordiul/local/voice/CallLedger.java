package com.cordiul.local.voice;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the simulated account has placed: every dial with its time, the calls still active (placed and not yet hung
 * up, as the playout reports), their peak, and the dials refused for a quota. One lock: dials are a few per second.
 */
final class CallLedger {

    private final List<Placed> placed = new ArrayList<>();
    private final Map<String, AcceptedDial> active = new LinkedHashMap<>();
    private int peakActive;
    private int throttledDials;
    private int refusedAtCapacity;
    private int throttledUpdates;

    /** Records a call placed at {@code now} as active, unless {@code limit} calls already are (then the refusal). */
    synchronized boolean admit(AcceptedDial dial, int limit, Instant now) {
        if (active.size() >= limit) {
            refusedAtCapacity++;
            return false;
        }
        active.put(dial.transactionId(), dial);
        placed.add(new Placed(dial, now));
        peakActive = Math.max(peakActive, active.size());
        return true;
    }

    /** The call ended (hung up, or dropped); false when it was not active. */
    synchronized boolean end(String transactionId) {
        return active.remove(transactionId) != null;
    }

    /** The active call with this transaction id on this SIP media application, or null. */
    synchronized AcceptedDial active(String sipMediaApplicationId, String transactionId) {
        AcceptedDial dial = active.get(transactionId);
        return dial != null && dial.sipMediaApplicationId().equals(sipMediaApplicationId) ? dial : null;
    }

    synchronized void throttledDial() {
        throttledDials++;
    }

    synchronized void throttledUpdate() {
        throttledUpdates++;
    }

    /** Forgets the history; the calls still active stay, and the peak restarts from them. */
    synchronized void reset() {
        placed.clear();
        throttledDials = 0;
        throttledUpdates = 0;
        refusedAtCapacity = 0;
        peakActive = active.size();
    }

    synchronized DialStats stats() {
        Map<String, Integer> byCallId = new TreeMap<>();
        Map<String, Integer> byDestination = new TreeMap<>();
        for (Placed p : placed) {
            String callId = p.dial().arguments().get("call_id");
            if (callId != null) {
                byCallId.merge(callId, 1, Integer::sum);
            }
            byDestination.merge(p.dial().toPhoneNumber(), 1, Integer::sum);
        }
        return new DialStats(placed.size(), byCallId, byDestination, maxInAnyWindow(Duration.ofSeconds(1)),
                active.size(), peakActive, throttledDials, refusedAtCapacity, throttledUpdates);
    }

    /** The most dials placed within any window of this length ({@code [t, t + window)}, t a dial's time). */
    synchronized int maxInAnyWindow(Duration window) {
        List<Instant> times = placed.stream().map(Placed::at).sorted().toList();
        int best = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (!times.get(start).plus(window).isAfter(times.get(end))) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        return best;
    }

    /**
     * A placed dial and when.
     *
     * @param dial the dial
     * @param at when it was placed, on the simulator's clock
     */
    private record Placed(AcceptedDial dial, Instant at) {
    }
}
