package com.cordiul.calls;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The call side's safety net, run with the webhook reconciler (every minute): every call whose last status change
 * has carried its outbox mark for longer than {@link #GRACE} (its writer died after the write, or could not reach
 * the event store) gets that event published from the record the mark was written with, and the mark cleared.
 * Bounded per lane and run; what is left is taken up by the next run.
 */
public final class StatusEventReconciler {

    /** A mark this old has lost its writer: the writer publishes within a request's time. */
    public static final Duration GRACE = Duration.ofSeconds(30);
    /** Calls repaired per lane and run, at most. */
    public static final int PAGE = 100;

    private final CallStore calls;
    private final Clock clock;

    public StatusEventReconciler(CallStore calls, Clock clock) {
        this.calls = calls;
        this.clock = clock;
    }

    /** One run over every lane; the number of events it published. */
    public int run() {
        Instant before = clock.instant().minus(GRACE);
        int published = 0;
        for (int lane = 0; lane < CallItems.EVENT_LANES; lane++) {
            List<CallStore.CallKey> pending = calls.pendingEvents(lane, before, PAGE);
            for (CallStore.CallKey key : pending) {
                try {
                    if (calls.finishPending(key.owner(), key.id())) {
                        published++;
                    }
                } catch (StoreUnavailableException e) {
                    Log.warn("call status event not reconciled; the next run retries", "call_id", key.id());
                }
            }
        }
        Log.info("call status events reconciled", "published", published);
        return published;
    }
}
