package com.cordiul.calls.progress;

import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatus;
import com.cordiul.core.Environment;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a call may stay in each open status without a confirming event before the sweeper fails it, and how
 * much work one run may do.
 *
 * @param waiting from creation, for a call never dialed (still on the dial queue, or its message lost)
 * @param initiating from its dial, for a call Chime never confirmed (no NEW_OUTBOUND_CALL)
 * @param queued from NEW_OUTBOUND_CALL, for a call that never rang
 * @param ringing from RINGING, for a call whose outcome never came
 * @param maxCall from CALL_ANSWERED, for a call whose hangup never came
 * @param pageSize index entries read per query page
 * @param maxCallsPerRun calls examined per run at most; the next run carries on
 */
public record SweepSettings(Duration waiting, Duration initiating, Duration queued, Duration ringing,
                            Duration maxCall, int pageSize, int maxCallsPerRun) {

    /** Index entries per query page. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** Calls examined per run: well within the function's 60 s at a few conditional writes each. */
    public static final int DEFAULT_MAX_CALLS_PER_RUN = 1000;

    public SweepSettings {
        Objects.requireNonNull(waiting, "waiting");
        Objects.requireNonNull(initiating, "initiating");
        Objects.requireNonNull(queued, "queued");
        Objects.requireNonNull(ringing, "ringing");
        Objects.requireNonNull(maxCall, "maxCall");
        if (pageSize < 1 || maxCallsPerRun < 1) {
            throw new IllegalArgumentException("pageSize and maxCallsPerRun must be positive");
        }
    }

    /**
     * From STALE_WAITING_SECONDS, STALE_INITIATING_SECONDS, STALE_QUEUED_SECONDS, STALE_RINGING_SECONDS and
     * MAX_CALL_SECONDS.
     */
    public static SweepSettings fromEnvironment() {
        return new SweepSettings(seconds("STALE_WAITING_SECONDS"), seconds("STALE_INITIATING_SECONDS"),
                seconds("STALE_QUEUED_SECONDS"),
                seconds("STALE_RINGING_SECONDS"), seconds("MAX_CALL_SECONDS"), DEFAULT_PAGE_SIZE,
                DEFAULT_MAX_CALLS_PER_RUN);
    }

    /** How long a call may stay as it is: waiting (never dialed), or in an open status; null once terminal. */
    public Duration limit(CallRecord call) {
        return call.status() == CallStatus.INITIATING && !call.dialed() ? waiting : limit(call.status());
    }

    /** How long a call may stay in an open status (a dialed call, for {@code initiating}); null for a terminal one. */
    public Duration limit(CallStatus status) {
        return switch (status) {
            case INITIATING -> initiating;
            case QUEUED -> queued;
            case RINGING -> ringing;
            case IN_PROGRESS -> maxCall;
            default -> null;
        };
    }

    private static Duration seconds(String variable) {
        String value = Environment.require(variable);
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(variable + " must be a whole number of seconds", e);
        }
    }
}
