package com.cordiul.calls.progress;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one sweeper run did.
 *
 * @param examined calls the index listed as stale
 * @param swept calls marked failed
 * @param unchanged calls found no longer stale on re-reading (an event arrived meanwhile, or they were gone)
 * @param failed calls that could not be updated (store fault): left for the next run
 * @param truncated whether the run stopped at its limit with stale calls possibly left
 */
public record SweepSummary(int examined, int swept, int unchanged, int failed, boolean truncated) {

    /** The summary as the function returns it. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("examined", examined);
        map.put("swept", swept);
        map.put("unchanged", unchanged);
        map.put("failed", failed);
        map.put("truncated", truncated);
        return map;
    }
}
