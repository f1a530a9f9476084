package com.cordiul.webhooks.delivery;

/**
 * The pipeline's sparse indexes keep what is waiting under a few partition keys ("lanes") rather than one, so that no
 * single index partition takes every write; the reconciler reads each lane. A record's lane follows from its event id.
 */
final class Lanes {

    /** How many lanes each index has. */
    static final int COUNT = 4;

    private Lanes() {
    }

    /** The lane of an event. */
    static int of(String eventId) {
        return Math.floorMod(eventId.hashCode(), COUNT);
    }
}
