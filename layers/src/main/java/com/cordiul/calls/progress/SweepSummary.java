package com.cordiul.calls.progress;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;

/**
 * What one sweeper run did.
 *
 * @param examined calls the index listed as stale
 * @param swept calls marked failed
 * @param unchanged calls found no longer stale on re-reading (an event arrived meanwhile, or they were gone)
 * @param failed calls that could not be updated (store fault): left for the next run
 * @param truncated whether the run stopped at its limit with stale calls possibly left
 * @param repaired entries the repair after the sweep fixed (dial pacer slots of calls that ended without a word)
 */
public record SweepSummary(int examined, int swept, int unchanged, int failed, boolean truncated, int repaired)
        implements JsonWritable {

    /** The summary as the function returns it. */
    @Override
    public void writeJson(JsonWriter out) {
        out.field("examined", examined).field("swept", swept).field("unchanged", unchanged).field("failed", failed)
                .field("truncated", truncated).field("repaired", repaired);
    }
}
