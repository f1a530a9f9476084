package com.cordiul.calls.progress;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallItems;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatus;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.CallStore.CallKey;
import com.cordiul.core.Json;
import com.cordiul.logging.Log;
import com.cordiul.telemetry.Metric;
import com.cordiul.telemetry.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Fails calls that Chime never confirmed, never finished ringing, or never hung up, so that no call stays open
 * for ever. A call is swept only if it is still stale when re-read inside the conditional update: an event that
 * arrived after the index was read wins. A swept call is terminal and leaves the index, so a second run changes
 * nothing. Should Chime report the call later after all, its event still records the truth
 * ({@link CallStatusMachine}): a late hangup turns a swept call into its real outcome.
 *
 * <p>A call still on the dial queue is not stale for the {@code initiating} rule, which counts from its dial: it has
 * its own, longer limit from its creation ({@code STALE_WAITING_SECONDS}), after which it is failed as never dialed
 * (its message was lost, e.g. to the dead-letter queue). After the calls, the run repairs what others keep about them
 * ({@link Repair}: the dial pacer's active calls).
 */
public class StaleCallSweeper {

    /** The by-open-status partitions, most expensive to leave open first; waiting calls last. */
    private static final List<String> OPEN = List.of(CallStatus.IN_PROGRESS.value(), CallStatus.RINGING.value(),
            CallStatus.QUEUED.value(), CallStatus.INITIATING.value(), CallItems.WAITING);
    /** Why a call that was never dialed is failed. */
    static final String NEVER_DIALED = "The call was never dialed: it waited longer than the limit for the "
            + "telephony provider's capacity, or its dial request was lost.";

    /** What else a run repairs once the calls are swept; returns how many entries it repaired. */
    @FunctionalInterface
    public interface Repair {
        /** Does not repair anything. */
        Repair NONE = () -> 0;

        /** Repairs; a failure is for the next run. */
        int repair();
    }

    private final OpenCallIndex index;
    private final CallStore store;
    private final CallStatusMachine machine;
    private final Clock clock;
    private final SweepSettings settings;
    private final Repair repair;

    public StaleCallSweeper(DynamoDbClient dynamoDb, CallStore store, CallStatusMachine machine, Clock clock,
                            SweepSettings settings) {
        this(dynamoDb, store, machine, clock, settings, Repair.NONE);
    }

    /** A sweeper that also runs a repair after each sweep. */
    public StaleCallSweeper(DynamoDbClient dynamoDb, CallStore store, CallStatusMachine machine, Clock clock,
                            SweepSettings settings, Repair repair) {
        this.index = new OpenCallIndex(dynamoDb, store.table());
        this.store = store;
        this.machine = machine;
        this.clock = clock;
        this.settings = settings;
        this.repair = repair;
    }

    /** One run: examines at most {@link SweepSettings#maxCallsPerRun()} stale calls. */
    public SweepSummary sweep() {
        Instant now = clock.instant();
        int examined = 0;
        int swept = 0;
        int unchanged = 0;
        int failed = 0;
        boolean truncated = false;
        for (String status : OPEN) {
            long cutoff = now.minus(CallItems.WAITING.equals(status) ? settings.waiting()
                    : settings.limit(CallStatus.fromValue(status).orElseThrow())).toEpochMilli();
            Map<String, AttributeValue> start = null;
            do {
                int budget = settings.maxCallsPerRun() - examined;
                if (budget <= 0) {
                    truncated = true;
                    break;
                }
                OpenCallIndex.Page page = index.page(status, cutoff, Math.min(settings.pageSize(), budget), start);
                for (CallKey key : page.keys()) {
                    examined++;
                    try {
                        if (sweepOne(key, now)) {
                            swept++;
                        } else {
                            unchanged++;
                        }
                    } catch (StoreUnavailableException e) {
                        failed++;
                        Log.error("could not sweep a call; the next run retries", e, "call_id", key.id());
                    }
                }
                start = page.next();
            } while (start != null);
        }
        int repaired = 0;
        try {
            repaired = repair.repair();
        } catch (RuntimeException e) {
            Log.error("the repair after the sweep failed; the next run retries", e);
        }
        SweepSummary summary = new SweepSummary(examined, swept, unchanged, failed, truncated, repaired);
        Metrics.count(Metric.SWEEPER_RUNS);
        Metrics.count(Metric.CALLS_SWEPT, swept);
        Metrics.count(Metric.SWEEP_FAILURES, failed);
        Log.info("stale-call sweep done", "summary", Json.write(summary));
        return summary;
    }

    /** Sweeps one call if, re-read, it is still stale; returns whether it did. */
    private boolean sweepOne(CallKey key, Instant now) {
        Optional<CallRecord> after = store.update(key.owner(), key.id(), r -> staleReason(r, now)
                .map(reason -> machine.apply(r, CallEvent.swept(now, reason)))
                .orElse(r));
        boolean swept = after.isPresent() && now.equals(after.get().failedAt());
        if (swept) {
            Log.info("stale call swept", "call_id", key.id(), "status", after.get().status().value());
        }
        return swept;
    }

    /** Why the call is stale now, or empty when it is not (terminal, or its status is recent enough). */
    Optional<String> staleReason(CallRecord call, Instant now) {
        CallStatus status = call.status();
        Duration limit = settings.limit(call);
        if (limit == null || !call.statusSince().isBefore(now.minus(limit))) {
            return Optional.empty();
        }
        if (status == CallStatus.INITIATING && !call.dialed()) {
            return Optional.of(NEVER_DIALED);
        }
        return Optional.of(switch (status) {
            case INITIATING -> "The telephony service never confirmed the call.";
            case QUEUED -> "The call was placed but never rang.";
            case RINGING -> "The call rang but its outcome was never reported.";
            default -> "The call exceeded the maximum call length without a reported hangup.";
        });
    }
}
