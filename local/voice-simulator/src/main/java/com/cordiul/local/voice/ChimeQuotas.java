package com.cordiul.local.voice;

/**
 * The Chime SDK Voice quotas the simulator enforces (AWS General Reference, "Amazon Chime SDK endpoints and quotas",
 * per account and region, adjustable on request). Each request rate is modelled as a token bucket, the usual shape
 * of AWS API throttling: the bucket holds at most {@code burst} tokens, refills at {@code perSecond}, and each
 * request takes one; with no token left the request is refused with ThrottledClientException (429) and changes
 * nothing. Chime publishes only the rates, so the default bursts are the strictest reading: one dial at a time (two
 * accepted dials are at least a second apart, never two in any one-second window) and five updates.
 *
 * @param dialsPerSecond   CreateSipMediaApplicationCall requests per second (Chime: 1)
 * @param dialBurst        how many dials the bucket holds (the simulator's default: 1)
 * @param maxActiveCalls   calls placed and not yet hung up, at most (Chime: 10); beyond, a dial is refused with
 *                         ResourceLimitExceededException (400)
 * @param updatesPerSecond UpdateSipMediaApplicationCall requests per second (Chime: 5)
 * @param updateBurst      how many updates the bucket holds (the simulator's default: 5)
 * @param enforced         false to count without refusing anything (tests about other behaviour)
 */
public record ChimeQuotas(double dialsPerSecond, int dialBurst, int maxActiveCalls, double updatesPerSecond,
                          int updateBurst, boolean enforced) {

    public ChimeQuotas {
        if (!(dialsPerSecond > 0) || !(updatesPerSecond > 0)) {
            throw new IllegalArgumentException("Request rates must be above 0");
        }
        if (dialBurst < 1 || updateBurst < 1 || maxActiveCalls < 1) {
            throw new IllegalArgumentException("Bursts and the active-call limit must be at least 1");
        }
    }

    /** Chime's defaults: 1 dial per second (burst 1), 10 active calls, 5 updates per second (burst 5). */
    public static ChimeQuotas chimeDefaults() {
        return new ChimeQuotas(1, 1, 10, 5, 5, true);
    }

    /** Nothing refused for quotas (everything still counted). */
    public static ChimeQuotas off() {
        return chimeDefaults().enforced(false);
    }

    /** With this dial rate. */
    public ChimeQuotas withDialsPerSecond(double value) {
        return new ChimeQuotas(value, dialBurst, maxActiveCalls, updatesPerSecond, updateBurst, enforced);
    }

    /** With this dial burst. */
    public ChimeQuotas withDialBurst(int value) {
        return new ChimeQuotas(dialsPerSecond, value, maxActiveCalls, updatesPerSecond, updateBurst, enforced);
    }

    /** With this limit of active calls. */
    public ChimeQuotas withMaxActiveCalls(int value) {
        return new ChimeQuotas(dialsPerSecond, dialBurst, value, updatesPerSecond, updateBurst, enforced);
    }

    /** With this update rate. */
    public ChimeQuotas withUpdatesPerSecond(double value) {
        return new ChimeQuotas(dialsPerSecond, dialBurst, maxActiveCalls, value, updateBurst, enforced);
    }

    /** With this update burst. */
    public ChimeQuotas withUpdateBurst(int value) {
        return new ChimeQuotas(dialsPerSecond, dialBurst, maxActiveCalls, updatesPerSecond, value, enforced);
    }

    /** Enforced or only counted. */
    public ChimeQuotas enforced(boolean value) {
        return new ChimeQuotas(dialsPerSecond, dialBurst, maxActiveCalls, updatesPerSecond, updateBurst, value);
    }

    /** One line for ./dev's banner. */
    public String describe() {
        if (!enforced) {
            return "quotas off";
        }
        return "quotas: " + number(dialsPerSecond) + " dial/s (burst " + dialBurst + "), " + maxActiveCalls
                + " active calls, " + number(updatesPerSecond) + " updates/s (burst " + updateBurst + ")";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
