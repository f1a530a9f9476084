package com.cordiul.dialer;

import com.cordiul.dialer.PacerDecision.Granted;
import com.cordiul.dialer.PacerDecision.Reason;
import com.cordiul.dialer.PacerDecision.Refused;
import com.cordiul.dialer.PacerState.ActiveCall;
import com.cordiul.dialer.PacerState.OwnerTurn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pacer's decision, a pure function of its state: which dial may go, and when.
 *
 * <ul>
 *   <li><b>Pace.</b> A slot is at least one interval after the previous one ({@code nextAt}), and is granted only if
 *   it is at most one interval away, so exactly one dialer sleeps for the next slot and every other is told when to
 *   come back.</li>
 *   <li><b>Capacity.</b> A slot makes its call active; no slot is granted while {@code maxActive} calls are.</li>
 *   <li><b>Turns.</b> A slot goes to the owner that has waited longest since its last dial among the owners waiting
 *   now (those refused and not yet past the time they were told to come back, plus the one asking): round-robin
 *   between owners, so one owner's campaign cannot hold back another's call for more than a few slots. An owner
 *   refused for any reason registers as waiting; an owner whose dialer does not come back in time drops out, so its
 *   turn is not kept for ever.</li>
 * </ul>
 */
public final class PacerRule {

    private PacerRule() {
    }

    /**
     * The decision for {@code owner}'s call {@code callId} at {@code now}, and the state to write for it, or null
     * when nothing needs writing.
     */
    public static Outcome decide(PacerState state, long now, String owner, String callId, PacerSettings settings) {
        if (state.active().containsKey(callId)) {
            return new Outcome(new Refused(Reason.DUPLICATE, settings.unclaimedMs()), null);
        }
        Map<String, OwnerTurn> owners = pruned(state.owners(), now, owner, settings);
        List<String> turnOrder = turnOrder(owners, now, owner);
        int rank = turnOrder.indexOf(owner);
        long firstSlot = Math.max(now, state.nextAt());
        boolean full = state.active().size() >= settings.maxActive();
        if (rank > 0) {
            // Its turn comes after `rank` others have dialed: not before they are back (the time they were told),
            // about that many slots from now, or once capacity frees.
            long ahead = 0;
            for (String other : turnOrder.subList(0, rank)) {
                OwnerTurn t = owners.get(other);
                ahead = Math.max(ahead, t == null ? 0 : t.expectedBy() - settings.graceMs() - now);
            }
            long retry = Math.max(ahead, full ? settings.capacityRetryMs()
                    : firstSlot + (rank - 1) * settings.intervalMs() - now);
            return register(state, owners, now, owner, new Refused(Reason.TURN, Math.max(0, retry)), settings);
        }
        if (full) {
            return register(state, owners, now, owner, new Refused(Reason.CAPACITY, settings.capacityRetryMs()),
                    settings);
        }
        if (firstSlot > now + settings.intervalMs()) {
            return register(state, owners, now, owner,
                    new Refused(Reason.PACE, firstSlot - settings.intervalMs() - now), settings);
        }
        Map<String, ActiveCall> active = new HashMap<>(state.active());
        active.put(callId, new ActiveCall(owner, firstSlot));
        owners.put(owner, new OwnerTurn(firstSlot, 0, 0));
        return new Outcome(new Granted(firstSlot), new PacerState(state.version() + 1,
                firstSlot + settings.intervalMs(), active, owners, state.repairedAt()));
    }

    /** Who dials first among the owners waiting now and the one asking: longest since its last dial first. */
    static List<String> turnOrder(Map<String, OwnerTurn> owners, long now, String asking) {
        List<String> waiting = new ArrayList<>();
        for (Map.Entry<String, OwnerTurn> e : owners.entrySet()) {
            if (e.getValue().waitsAt(now) || e.getKey().equals(asking)) {
                waiting.add(e.getKey());
            }
        }
        if (!waiting.contains(asking)) {
            waiting.add(asking);
        }
        Comparator<String> order = Comparator
                .comparingLong((String o) -> owners.containsKey(o) ? owners.get(o).lastDialAt() : 0)
                .thenComparingLong(o -> owners.containsKey(o) && owners.get(o).waitingSince() > 0
                        ? owners.get(o).waitingSince() : now)
                .thenComparing(Comparator.naturalOrder());
        waiting.sort(order);
        return waiting;
    }

    /**
     * The owners worth remembering: those waiting, and those that dialed within the memory or since the longest
     * waiting owner began to wait (forgetting those would let them pass it as if they had never dialed).
     */
    private static Map<String, OwnerTurn> pruned(Map<String, OwnerTurn> owners, long now, String asking,
                                                 PacerSettings settings) {
        long since = now - settings.memoryMs();
        for (OwnerTurn t : owners.values()) {
            if (t.waitsAt(now) && t.waitingSince() > 0) {
                since = Math.min(since, t.waitingSince());
            }
        }
        Map<String, OwnerTurn> kept = new HashMap<>();
        for (Map.Entry<String, OwnerTurn> e : owners.entrySet()) {
            OwnerTurn t = e.getValue();
            if (e.getKey().equals(asking) || t.waitsAt(now) || t.lastDialAt() >= since) {
                kept.put(e.getKey(), t);
            }
        }
        return kept;
    }

    /**
     * A refusal, with the owner registered as waiting until the time it is told to come back plus the grace. The
     * state is written only when the registration changes: a dialer told to come back later than its registration
     * allows, or an owner not waiting yet.
     */
    private static Outcome register(PacerState state, Map<String, OwnerTurn> owners, long now, String owner,
                                    Refused refused, PacerSettings settings) {
        OwnerTurn current = owners.get(owner);
        long expectedBy = now + refused.retryAfterMs() + settings.graceMs();
        if (current != null && current.waitsAt(now) && current.expectedBy() >= expectedBy - settings.graceMs() / 2) {
            return new Outcome(refused, null);
        }
        long since = current != null && current.waitsAt(now) && current.waitingSince() > 0
                ? current.waitingSince() : now;
        owners.put(owner, new OwnerTurn(current == null ? 0 : current.lastDialAt(), since,
                Math.max(expectedBy, current == null ? 0 : current.expectedBy())));
        return new Outcome(refused, new PacerState(state.version() + 1, state.nextAt(), state.active(), owners,
                state.repairedAt()));
    }

    /**
     * A decision and what to store for it.
     *
     * @param decision the answer to the dialer
     * @param next the state to write (conditional on the version read), or null when the stored one stands
     */
    public record Outcome(PacerDecision decision, PacerState next) {
    }
}
