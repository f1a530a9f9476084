package com.cordiul.fn.webhookreconciler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.calls.StatusEventReconciler;
import com.cordiul.core.Json;
import com.cordiul.logging.Log;
import com.cordiul.telemetry.FunctionInvocation;
import com.cordiul.telemetry.Metric;
import com.cordiul.telemetry.Metrics;
import com.cordiul.webhooks.delivery.DeliveryReconciler;
import com.cordiul.webhooks.delivery.ReconcileSummary;
import com.cordiul.wiring.WebhookPipelineModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;

/**
 * Runs on its EventBridge schedule (every minute): publishes the calls' status events whose writer died after the
 * status change, fans out events left in the outbox, sends the messages of long
 * retries as they come due, re-sends lost ones. Records the delivery lag (which the oldest-undelivered alarm
 * watches) and the messages it recovered, and answers the run's counts. Nothing in the scheduled event matters
 * beyond its id, for the log.
 */
public final class WebhookReconcilerHandler implements RequestStreamHandler {

    private final StatusEventReconciler statusEvents;
    private final DeliveryReconciler reconciler;

    /** Lambda's constructor: the pipeline's wiring, built and primed once per instance. */
    public WebhookReconcilerHandler() {
        this(WebhookPipelineModule.instance().statusEventReconciler(), WebhookPipelineModule.instance().reconciler());
    }

    /** Tests' constructor. */
    public WebhookReconcilerHandler(StatusEventReconciler statusEvents, DeliveryReconciler reconciler) {
        this.statusEvents = statusEvents;
        this.reconciler = reconciler;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        try (FunctionInvocation invocation = FunctionInvocation.start(context)) {
            Log.put("schedule_event_id", scheduleEventId(event));
            // First the calls' events whose writer died: what they publish is fanned out by the same pipeline.
            statusEvents.run();
            ReconcileSummary summary = reconciler.run();
            Metrics.time(Metric.WEBHOOK_DELIVERY_LAG, Duration.ofSeconds(summary.lagSeconds()));
            Metrics.count(Metric.WEBHOOK_MESSAGES_RECOVERED, summary.fannedOut() + summary.requeued());
            Json.write(summary, output);
        }
    }

    private static String scheduleEventId(byte[] event) {
        try {
            return Json.parse(event) instanceof Map<?, ?> map && map.get("id") instanceof String id ? id : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
