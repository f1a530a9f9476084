package com.cordiul.local.runner;

import com.cordiul.local.voice.ChimeQuotas;
import com.cordiul.local.voice.playout.PlayoutTiming;
import java.util.Set;

/**
 * {@code ./dev}'s options for the voice simulator: how fast calls play out, and which of Chime's quotas it enforces.
 *
 * @param speed  how many times faster than Chime's pace calls play out (1 = Chime's pace, 10 = ten times faster)
 * @param quotas the quotas
 */
record VoiceOptions(double speed, ChimeQuotas quotas) {

    /** The fastest and slowest {@code --time-scale} accepted. */
    static final double MAX_SPEED = 1000;
    static final double MIN_SPEED = 0.01;

    /** Options that take a value. */
    static final Set<String> WITH_VALUE = Set.of("--time-scale", "--chime-dials-per-second", "--chime-dial-burst",
            "--chime-max-active-calls", "--chime-updates-per-second", "--chime-update-burst");
    /** Options without a value. */
    static final Set<String> FLAGS = Set.of("--no-chime-quotas");

    /** Chime's pace and Chime's default quotas. */
    static VoiceOptions defaults() {
        return new VoiceOptions(1, ChimeQuotas.chimeDefaults());
    }

    /** Reads the voice options of a command line, ignoring the others; a bad value is refused. */
    static VoiceOptions parse(String[] args) {
        double speed = 1;
        ChimeQuotas quotas = ChimeQuotas.chimeDefaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (FLAGS.contains(arg)) {
                quotas = quotas.enforced(false);
                continue;
            }
            if (!WITH_VALUE.contains(arg)) {
                continue;
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            String value = args[++i];
            switch (arg) {
                case "--time-scale" -> speed = speed(value);
                case "--chime-dials-per-second" -> quotas = quotas.withDialsPerSecond(rate(arg, value));
                case "--chime-dial-burst" -> quotas = quotas.withDialBurst(count(arg, value));
                case "--chime-max-active-calls" -> quotas = quotas.withMaxActiveCalls(count(arg, value));
                case "--chime-updates-per-second" -> quotas = quotas.withUpdatesPerSecond(rate(arg, value));
                case "--chime-update-burst" -> quotas = quotas.withUpdateBurst(count(arg, value));
                default -> throw new IllegalStateException(arg);
            }
        }
        return new VoiceOptions(speed, quotas);
    }

    /**
     * The playout's timing: the call's times (rings, speech, pauses) divided by the speed. Chime's limits on one
     * invocation of the function (5 s, given up after 20 s) stay Chime's: the functions run at their own pace,
     * whatever the playout's, so at ten times Chime's pace a cold start of half a second is not a dead function.
     */
    PlayoutTiming timing() {
        return PlayoutTiming.scaled(1 / speed).withInvocationLimits(PlayoutTiming.CHIME_INVOCATION_TIMEOUT,
                PlayoutTiming.CHIME_GIVE_UP);
    }

    /** For ./dev's banner. */
    String describe() {
        String pace = speed == 1 ? "at Chime's pace" : speed > 1 ? formatted(speed) + " times faster than Chime's pace"
                : formatted(1 / speed) + " times slower than Chime's pace";
        return "calls played out " + pace + "; " + quotas.describe();
    }

    private static String formatted(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static double speed(String value) {
        try {
            double speed = Double.parseDouble(value);
            if (speed >= MIN_SPEED && speed <= MAX_SPEED) {
                return speed;
            }
        } catch (NumberFormatException e) {
            // Reported below with the option's name.
        }
        throw new IllegalArgumentException("--time-scale takes a number from " + MIN_SPEED + " to "
                + formatted(MAX_SPEED) + " (how many times faster than Chime's pace), not " + value);
    }

    private static double rate(String option, String value) {
        try {
            double rate = Double.parseDouble(value);
            if (rate > 0 && Double.isFinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // Reported below with the option's name.
        }
        throw new IllegalArgumentException(option + " takes a number above 0, not " + value);
    }

    private static int count(String option, String value) {
        try {
            int count = Integer.parseInt(value.trim());
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException e) {
            // Reported below with the option's name.
        }
        throw new IllegalArgumentException(option + " takes a whole number of at least 1, not " + value);
    }
}
