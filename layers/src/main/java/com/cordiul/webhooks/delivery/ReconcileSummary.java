package com.cordiul.webhooks.delivery;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;

/**
 * What one reconciler run did.
 *
 * @param fannedOut  events fanned out that had been left in the outbox
 * @param promoted   parked deliveries whose message was sent
 * @param requeued   queued deliveries whose lost message was sent again
 * @param abandoned  deliveries given up because their message kept failing
 * @param lagSeconds how long past its due time the most overdue delivery or fan-out is
 * @param truncated  whether some work was left for the next run
 */
public record ReconcileSummary(int fannedOut, int promoted, int requeued, int abandoned, long lagSeconds,
                               boolean truncated) implements JsonWritable {

    /** Nothing done. */
    public static ReconcileSummary empty() {
        return new ReconcileSummary(0, 0, 0, 0, 0, false);
    }

    /** Both runs' work together. */
    public ReconcileSummary plus(ReconcileSummary other) {
        return new ReconcileSummary(fannedOut + other.fannedOut, promoted + other.promoted,
                requeued + other.requeued, abandoned + other.abandoned, Math.max(lagSeconds, other.lagSeconds),
                truncated || other.truncated);
    }

    @Override
    public void writeJson(JsonWriter out) {
        out.field("fanned_out", fannedOut).field("promoted", promoted).field("requeued", requeued)
                .field("abandoned", abandoned).field("lag_seconds", lagSeconds).field("truncated", truncated);
    }
}
