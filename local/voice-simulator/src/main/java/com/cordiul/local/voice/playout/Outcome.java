package com.cordiul.local.voice.playout;

import java.time.Duration;

/**
 * How the far end of a simulated call behaves, chosen by the destination number. All times are Chime time, before
 * the playout's time scale applies. Any number not listed is answered like {@link #ANSWERED}.
 */
public enum Outcome {
    /** {@code +12025550100}: rings 4 s, answers, listens to the message, and the call ends (completed). */
    ANSWERED("+12025550100", Duration.ofSeconds(4), Duration.ZERO),
    /** {@code +12025550101}: rings 2 s, then HANGUP with SIP 486 (busy). */
    BUSY("+12025550101", Duration.ofSeconds(2), Duration.ZERO),
    /** {@code +12025550102}: rings 30 s, then HANGUP with SIP 480 (no-answer). */
    NO_ANSWER("+12025550102", Duration.ofSeconds(30), Duration.ZERO),
    /** {@code +12025550103}: HANGUP with SIP 503 before ringing (failed). */
    FAILED("+12025550103", Duration.ZERO, Duration.ZERO),
    /** {@code +12025550104}: Chime accepted the dial but sends no event at all: left for the sweeper. */
    NEVER_CONFIRMED("+12025550104", Duration.ZERO, Duration.ZERO),
    /**
     * {@code +12025550105}: rings 4 s, answers, and after each Speak stays on the line talking for 30 minutes
     * before the next action runs (also before hanging up when the function leaves the line open).
     */
    LONG_CALL("+12025550105", Duration.ofSeconds(4), Duration.ofMinutes(30));

    /** Chime time from NEW_OUTBOUND_CALL to RINGING, or to the HANGUP of {@link #FAILED}. */
    public static final Duration DIAL_TIME = Duration.ofSeconds(1);
    /** Chime time a Speak action takes per character of its text. */
    public static final Duration SPEAK_TIME_PER_CHARACTER = Duration.ofMillis(60);
    /** How long an answering far end waits on an idle line (no actions left) before it hangs up itself. */
    public static final Duration IDLE_LINE_HANGUP = Duration.ofSeconds(2);
    /**
     * How long a call of {@link #NEVER_CONFIRMED} stays among the account's active calls before the network drops
     * it, without any event: as long as an unanswered destination rings ({@link #NO_ANSWER}), and well within the
     * sweeper's limit for a call that stays initiating, so that a count repaired by the sweeper is never below
     * Chime's.
     */
    public static final Duration SILENT_CALL_LIFETIME = Duration.ofSeconds(30);

    private final String destination;
    private final Duration ringTime;
    private final Duration farEndTalk;

    Outcome(String destination, Duration ringTime, Duration farEndTalk) {
        this.destination = destination;
        this.ringTime = ringTime;
        this.farEndTalk = farEndTalk;
    }

    /** The outcome of a call to this number. */
    public static Outcome forDestination(String toPhoneNumber) {
        for (Outcome o : values()) {
            if (o.destination.equals(toPhoneNumber)) {
                return o;
            }
        }
        return ANSWERED;
    }

    /** The magic number that selects this outcome. */
    public String destination() {
        return destination;
    }

    /** How long the far end rings before it answers or declines. */
    public Duration ringTime() {
        return ringTime;
    }

    /** How long the far end talks after each Speak. */
    public Duration farEndTalk() {
        return farEndTalk;
    }

    /** Whether the far end picks up. */
    public boolean answers() {
        return this == ANSWERED || this == LONG_CALL;
    }
}
