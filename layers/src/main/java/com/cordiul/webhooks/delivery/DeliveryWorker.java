package com.cordiul.webhooks.delivery;

import com.cordiul.core.InvalidRequestException;
import com.cordiul.core.Timestamps;
import com.cordiul.logging.Log;
import com.cordiul.webhooks.DeliveryAttempt;
import com.cordiul.webhooks.DeliveryLog;
import com.cordiul.webhooks.WebhookEndpoint;
import com.cordiul.webhooks.WebhookEndpointStore;
import com.cordiul.webhooks.url.UnresolvableHostException;
import com.cordiul.webhooks.url.WebhookAddressGuard;
import com.cordiul.webhooks.url.WebhookUrl;
import com.cordiul.webhooks.url.WebhookUrlPolicy;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes one delivery attempt for one queue message: claims the delivery, leases the endpoint (which holds back an
 * endpoint whose circuit is open, and lets at most {@code concurrency} attempts, or one probe while it is failing,
 * reach it at once), checks the URL's addresses again, signs, POSTs, and records the outcome: delivered, given up
 * (410 Gone, or the last attempt failed), or due again on the {@link RetrySchedule}. An endpoint that failed every
 * attempt for {@link #DISABLE_AFTER} is disabled. A store fault is thrown, so that the message comes back; anything
 * recorded before it stays, and a claim that is never finished expires with its lease.
 */
public final class DeliveryWorker {

    /** How long a worker holds a delivery and its endpoint lease: more than a delivery function ever runs. */
    public static final Duration LEASE = Duration.ofSeconds(60);
    /** An endpoint that failed every attempt for this long is disabled. */
    public static final Duration DISABLE_AFTER = Duration.ofDays(5);
    /** A message this much ahead of its delivery's due time is a stale duplicate. */
    static final Duration EARLY_TOLERANCE = Duration.ofSeconds(5);
    /** Deliveries held back by an open circuit come back spread over this much after it closes. */
    static final Duration CIRCUIT_SPREAD = Duration.ofSeconds(30);

    private final DeliveryStore deliveries;
    private final WebhookEndpointStore endpoints;
    private final EventStore events;
    private final DeliveryLog log;
    private final Delivering delivering;
    private final WebhookQueue queue;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final int concurrency;
    private final CrashPoint crash;

    /**
     * What an attempt sends with.
     *
     * @param policy the URL policy
     * @param guard  the address check
     * @param http   the HTTP client
     */
    public record Delivering(WebhookUrlPolicy policy, WebhookAddressGuard guard, WebhookHttpClient http) {
    }

    public DeliveryWorker(DeliveryStore deliveries, WebhookEndpointStore endpoints, EventStore events,
                          DeliveryLog log, Delivering delivering, WebhookQueue queue, RetrySchedule schedule,
                          Clock clock, int concurrency, CrashPoint crash) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.events = events;
        this.log = log;
        this.delivering = delivering;
        this.queue = queue;
        this.schedule = schedule;
        this.clock = clock;
        this.concurrency = concurrency;
        this.crash = crash;
    }

    /** Handles one message of the delivery queue. */
    public DeliveryOutcome deliver(DeliveryMessage message) {
        Instant now = clock.instant();
        Optional<Delivery> claimed = deliveries.claim(message.endpointId(), message.eventId(), now, now.plus(LEASE),
                now.plus(EARLY_TOLERANCE));
        if (claimed.isEmpty()) {
            // Delivered or given up already, under way elsewhere, or not due: a duplicate or stale message.
            return DeliveryOutcome.IGNORED;
        }
        Delivery delivery = claimed.get();
        crash.reached(PipelineStep.DELIVERY_CLAIMED);
        Leased leased = lease(delivery, now);
        if (leased.endpoint() == null) {
            return leased.outcome();
        }
        crash.reached(PipelineStep.ENDPOINT_LEASED);
        return attempt(delivery, leased.endpoint(), now);
    }

    /** The leased endpoint, or (without one) what became of the delivery. */
    private record Leased(WebhookEndpoint endpoint, DeliveryOutcome outcome) {
    }

    /** The endpoint, leased for this attempt; or none, the delivery then finished or put off. */
    private Leased lease(Delivery delivery, Instant now) {
        for (int tries = 0; tries < 2; tries++) {
            Optional<WebhookEndpoint> acquired = endpoints.acquire(delivery.owner(), delivery.slot(),
                    delivery.endpointId(), delivery.eventId(), now.plus(LEASE), now, concurrency);
            if (acquired.isPresent()) {
                return new Leased(acquired.get(), null);
            }
            Optional<WebhookEndpoint> current = endpoints.get(delivery.owner(), delivery.slot(),
                    delivery.endpointId());
            if (current.isEmpty()) {
                finish(delivery, DeliveryState.DROPPED, "endpoint_deleted");
                return new Leased(null, DeliveryOutcome.DROPPED);
            }
            WebhookEndpoint endpoint = current.get();
            if (!endpoint.enabled()) {
                finish(delivery, DeliveryState.DROPPED, "endpoint_disabled");
                return new Leased(null, DeliveryOutcome.DROPPED);
            }
            if (endpoint.health().openAt(now)) {
                reschedule(delivery, delivery.attempt(), endpoint.health().openUntil().get()
                        .plus(schedule.spread(CIRCUIT_SPREAD)), delivery.deferrals() + 1);
                return new Leased(null, DeliveryOutcome.DEFERRED);
            }
            if (tries > 0 || endpoints.dropExpiredLeases(endpoint, now) == 0) {
                break;
            }
        }
        // As many attempts as the endpoint takes at once are under way (one while it is failing): wait a little.
        reschedule(delivery, delivery.attempt(), now.plus(schedule.deferral(delivery.deferrals())),
                delivery.deferrals() + 1);
        return new Leased(null, DeliveryOutcome.DEFERRED);
    }

    private DeliveryOutcome attempt(Delivery delivery, WebhookEndpoint endpoint, Instant now) {
        Optional<StoredEvent> event = events.get(delivery.owner(), delivery.eventId());
        if (event.isEmpty()) {
            Log.error("webhook event of a delivery not found", null, "event_id", delivery.eventId());
            finish(delivery, DeliveryState.FAILED, "event_missing");
            endpoints.release(endpoint, delivery.eventId());
            return DeliveryOutcome.FAILED;
        }
        HttpOutcome outcome = send(endpoint, event.get(), now);
        crash.reached(PipelineStep.ATTEMPT_MADE);
        log.record(new DeliveryAttempt(endpoint.id(), delivery.eventId(), delivery.type(), delivery.attempt(),
                outcome.statusCode(), outcome.error(), outcome.durationMs(), now));
        Log.info("webhook delivery attempted", "endpoint_id", endpoint.id(), "event_id", delivery.eventId(),
                "attempt", delivery.attempt(), "outcome", outcome.summary(), "duration_ms", outcome.durationMs());
        if (outcome.delivered()) {
            // Finished before the lease is released, so that no duplicate can take it in between and send it again.
            finish(delivery, DeliveryState.DELIVERED, "delivered");
            endpoints.releaseDelivered(endpoint, delivery.eventId());
            return DeliveryOutcome.DELIVERED;
        }
        if (outcome.gone()) {
            endpoints.disable(endpoint, "The endpoint answered 410 Gone on " + Timestamps.format(now)
                    + "; enable it again with POST /api/webhook-endpoints/" + endpoint.id() + "/enable.", now);
            finish(delivery, DeliveryState.FAILED, "gone");
            endpoints.release(endpoint, delivery.eventId());
            return DeliveryOutcome.FAILED;
        }
        Optional<WebhookEndpoint> after = endpoints.releaseFailed(endpoint, delivery.eventId(), now,
                now.plus(schedule.circuitOpenFor(endpoint.health().failures() + 1)));
        after.ifPresent(e -> disableIfFailingTooLong(e, outcome, now));
        if (delivery.attempt() >= RetrySchedule.MAX_ATTEMPTS) {
            finish(delivery, DeliveryState.FAILED, "retries_exhausted");
            return DeliveryOutcome.FAILED;
        }
        reschedule(delivery, delivery.attempt() + 1, now.plus(schedule.waitAfter(delivery.attempt())),
                delivery.deferrals());
        return DeliveryOutcome.RETRYING;
    }

    private HttpOutcome send(WebhookEndpoint endpoint, StoredEvent event, Instant now) {
        long start = System.nanoTime();
        WebhookUrl url;
        List<InetAddress> addresses;
        try {
            url = WebhookUrl.parse(endpoint.url(), delivering.policy());
            addresses = delivering.guard().addresses(url);
        } catch (UnresolvableHostException e) {
            return new HttpOutcome(null, "dns_error", (System.nanoTime() - start) / 1_000_000);
        } catch (InvalidRequestException e) {
            // Refused before any connection: the host is, or now resolves to, an address no webhook may reach.
            return new HttpOutcome(null, "address_not_allowed", (System.nanoTime() - start) / 1_000_000);
        }
        Map<String, String> headers = WebhookSigner.headers(event.id(), now.getEpochSecond(), event.body(),
                endpoint.signingSecrets(now));
        return delivering.http().post(url, addresses, headers, event.body().getBytes(StandardCharsets.UTF_8));
    }

    private void disableIfFailingTooLong(WebhookEndpoint endpoint, HttpOutcome last, Instant now) {
        Optional<Instant> since = endpoint.health().failingSince();
        if (endpoint.enabled() && since.isPresent() && !since.get().isAfter(now.minus(DISABLE_AFTER))) {
            boolean disabled = endpoints.disable(endpoint, "Every delivery attempt since "
                    + Timestamps.format(since.get()) + " failed (the last: " + last.summary() + "); enable it again "
                    + "with POST /api/webhook-endpoints/" + endpoint.id() + "/enable.", now);
            if (disabled) {
                Log.warn("webhook endpoint disabled after failing for 5 days", "endpoint_id", endpoint.id());
            }
        }
    }

    private void finish(Delivery delivery, DeliveryState state, String outcome) {
        if (!deliveries.finish(delivery, state, outcome, clock.instant())) {
            Log.warn("webhook delivery lease lost before its outcome was recorded", "event_id", delivery.eventId(),
                    "endpoint_id", delivery.endpointId());
        }
    }

    /** Gives the delivery back due at {@code dueAt}: its message is sent now with that delay, or by the reconciler. */
    private void reschedule(Delivery delivery, int attempt, Instant dueAt, int deferrals) {
        long delay = Math.max(0, (Duration.between(clock.instant(), dueAt).toMillis() + 999) / 1000);
        boolean parked = delay > WebhookQueue.MAX_DELAY_SECONDS;
        if (!deliveries.reschedule(delivery, attempt, dueAt, parked, deferrals)) {
            Log.warn("webhook delivery lease lost before its retry was recorded", "event_id", delivery.eventId(),
                    "endpoint_id", delivery.endpointId());
            return;
        }
        crash.reached(PipelineStep.RETRY_RECORDED);
        if (!parked) {
            try {
                queue.send(delivery.message().body(), (int) delay);
            } catch (QueueUnavailableException e) {
                // Recorded as queued and due: once overdue, the reconciler sends its message again.
                Log.warn("webhook retry not enqueued; the reconciler will send it", "event_id", delivery.eventId());
            }
        }
    }
}
