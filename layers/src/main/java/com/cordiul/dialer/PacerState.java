package com.cordiul.dialer;

import java.util.Map;
import java.util.Objects;

/**
 * The pacer's one item, as read: the only state every dialer instance shares.
 *
 * @param version bumped by every write that changes a decision (a grant, a registration); removals leave it
 * @param nextAt epoch ms before which no dial may be sent
 * @param active calls granted a slot and not ended, by call id: dialed (or about to be) and not yet terminal
 * @param owners what the pacer remembers of each owner: its last dial, and whether it waits for a turn
 * @param repairedAt epoch ms of the last lazy repair of {@code active}
 */
public record PacerState(long version, long nextAt, Map<String, ActiveCall> active, Map<String, OwnerTurn> owners,
                         long repairedAt) {

    public PacerState {
        active = Map.copyOf(active);
        owners = Map.copyOf(owners);
    }

    /** The state of a pacer that never granted anything. */
    public static PacerState empty() {
        return new PacerState(0, 0, Map.of(), Map.of(), 0);
    }

    /**
     * A call that holds one of the active slots.
     *
     * @param owner its owner (to find its record)
     * @param grantedAt the slot it was granted: when its dial was (to be) sent
     */
    public record ActiveCall(String owner, long grantedAt) {
        public ActiveCall {
            Objects.requireNonNull(owner, "owner");
        }
    }

    /**
     * One owner's place in the round-robin.
     *
     * @param lastDialAt its last granted slot, or 0
     * @param waitingSince when it started waiting for a turn, or 0 when it does not wait
     * @param expectedBy until when its turn is kept: the time it was told to come back, plus the grace; 0 when it
     *                   does not wait
     */
    public record OwnerTurn(long lastDialAt, long waitingSince, long expectedBy) {

        /** Whether it waits for a turn at this time. */
        boolean waitsAt(long now) {
            return expectedBy >= now;
        }
    }
}
