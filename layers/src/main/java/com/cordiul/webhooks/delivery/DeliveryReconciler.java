package com.cordiul.webhooks.delivery;

import com.cordiul.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The pipeline's safety net and its clock for long waits, run on a schedule (every minute). Per lane it:
 * <ol>
 *   <li>fans out every event still in the outbox {@link #FAN_OUT_GRACE} after it was recorded (its queue message was
 *       lost, or the fan-out died);</li>
 *   <li>sends the message of every parked delivery due within {@link #LOOKAHEAD}, delayed to its due time (SQS
 *       delays a message 15 minutes at most, so longer retries wait here);</li>
 *   <li>re-sends the message of every queued delivery overdue by {@link #LOST_GRACE} (its message was lost, or its
 *       worker died mid-attempt and its lease ran out), and gives one up after {@link #MAX_REQUEUES} re-sends (its
 *       message keeps failing).</li>
 * </ol>
 * Each step is idempotent and bounded per run (a page, or {@link #MAX_PER_STEP} promotions); what is left is taken
 * up by the next run. It
 * also measures the delivery lag: how long past its due time the most overdue delivery or fan-out is.
 */
public final class DeliveryReconciler {

    /** An event still in the outbox this long after it was recorded is fanned out by the reconciler. */
    public static final Duration FAN_OUT_GRACE = Duration.ofSeconds(60);
    /** A queued delivery overdue by this much has lost its message. */
    public static final Duration LOST_GRACE = Duration.ofMinutes(5);
    /** Parked deliveries due this soon get their message now. */
    public static final Duration LOOKAHEAD = Duration.ofSeconds(70);
    /** Re-sends of one delivery's message before it is given up. */
    public static final int MAX_REQUEUES = 10;
    /** Parked deliveries promoted per lane and run, at most. */
    public static final int MAX_PER_STEP = 500;
    private static final int PAGE = 100;

    private final EventStore events;
    private final DeliveryStore deliveries;
    private final FanOut fanOut;
    private final WebhookQueue deliveryQueue;
    private final Clock clock;

    public DeliveryReconciler(EventStore events, DeliveryStore deliveries, FanOut fanOut, WebhookQueue deliveryQueue,
                              Clock clock) {
        this.events = events;
        this.deliveries = deliveries;
        this.fanOut = fanOut;
        this.deliveryQueue = deliveryQueue;
        this.clock = clock;
    }

    /** One run over every lane. */
    public ReconcileSummary run() {
        Instant now = clock.instant();
        ReconcileSummary summary = ReconcileSummary.empty();
        for (int lane = 0; lane < Lanes.COUNT; lane++) {
            summary = summary.plus(fanOuts(lane, now)).plus(parked(lane, now)).plus(lost(lane, now));
        }
        Log.info("webhooks reconciled", "fanned_out", summary.fannedOut(), "promoted", summary.promoted(),
                "requeued", summary.requeued(), "abandoned", summary.abandoned(), "lag_seconds", summary.lagSeconds(),
                "truncated", summary.truncated());
        return summary;
    }

    private ReconcileSummary fanOuts(int lane, Instant now) {
        int handled = 0;
        long lag = 0;
        List<EventStore.Waiting> waiting = events.waiting(lane, PAGE);
        for (EventStore.Waiting event : waiting) {
            lag = Math.max(lag, Duration.between(event.since(), now).toSeconds());
            if (event.since().isAfter(now.minus(FAN_OUT_GRACE))) {
                break;
            }
            fanOut.fanOut(event.owner(), event.id());
            handled++;
        }
        return new ReconcileSummary(handled, 0, 0, 0, lag, handled == PAGE);
    }

    private ReconcileSummary parked(int lane, Instant now) {
        int promoted = 0;
        long lag = 0;
        Instant horizon = now.plus(LOOKAHEAD);
        while (promoted < MAX_PER_STEP) {
            List<DueDelivery> due = deliveries.due(true, lane, horizon, PAGE);
            if (due.isEmpty()) {
                break;
            }
            for (DueDelivery delivery : due) {
                lag = Math.max(lag, Duration.between(delivery.dueAt(), now).toSeconds());
                if (deliveries.promote(delivery)) {
                    long delay = Math.max(0, (Duration.between(now, delivery.dueAt()).toMillis() + 999) / 1000);
                    send(delivery.message(), (int) delay);
                    promoted++;
                }
            }
            if (due.size() < PAGE) {
                break;
            }
        }
        return new ReconcileSummary(0, promoted, 0, 0, lag, promoted >= MAX_PER_STEP);
    }

    private ReconcileSummary lost(int lane, Instant now) {
        int requeued = 0;
        int abandoned = 0;
        List<DueDelivery> overdue = deliveries.due(false, lane, now, PAGE);
        long lag = overdue.isEmpty() ? 0 : Math.max(0, Duration.between(overdue.get(0).dueAt(), now).toSeconds());
        for (DueDelivery delivery : overdue) {
            if (delivery.dueAt().isAfter(now.minus(LOST_GRACE))) {
                break;
            }
            Optional<Delivery> requeue = deliveries.requeue(delivery, now);
            if (requeue.isEmpty()) {
                continue;
            }
            if (requeue.get().requeues() > MAX_REQUEUES) {
                if (deliveries.abandon(requeue.get(), "undeliverable", now)) {
                    Log.error("webhook delivery given up: its message kept failing", null, "event_id",
                            delivery.eventId(), "endpoint_id", delivery.endpointId());
                    abandoned++;
                }
                continue;
            }
            send(delivery.message(), 0);
            requeued++;
        }
        boolean truncated = overdue.size() == PAGE && requeued + abandoned > 0
                && !overdue.get(PAGE - 1).dueAt().isAfter(now.minus(LOST_GRACE));
        return new ReconcileSummary(0, 0, requeued, abandoned, lag, truncated);
    }

    private void send(DeliveryMessage message, int delaySeconds) {
        try {
            deliveryQueue.send(message.body(), delaySeconds);
        } catch (QueueUnavailableException e) {
            // Queued but unsent: overdue by the grace period, it is re-sent by a later run.
            Log.warn("webhook delivery message not sent; a later run sends it", "event_id", message.eventId());
        }
    }
}
