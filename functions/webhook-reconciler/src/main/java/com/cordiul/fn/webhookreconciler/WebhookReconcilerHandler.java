package com.cordiul.fn.webhookreconciler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.core.Json;
import com.cordiul.logging.Log;
import com.cordiul.webhooks.delivery.DeliveryReconciler;
import com.cordiul.webhooks.delivery.LagMetric;
import com.cordiul.webhooks.delivery.ReconcileSummary;
import com.cordiul.wiring.WebhookPipelineModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * Runs on its EventBridge schedule (every minute): fans out events left in the outbox, sends the messages of long
 * retries as they come due, re-sends lost ones. Prints the run's metrics as an embedded metric format line (the
 * delivery lag the oldest-undelivered alarm watches) and answers the run's counts. Nothing in the scheduled event
 * matters beyond its id, for the log.
 */
public final class WebhookReconcilerHandler implements RequestStreamHandler {

    private final DeliveryReconciler reconciler;
    private final String namespace;
    private final PrintStream metrics;

    /** Lambda's constructor: the pipeline's wiring, built and primed once per instance; metrics go to stdout. */
    public WebhookReconcilerHandler() {
        this(WebhookPipelineModule.instance().reconciler(), WebhookPipelineModule.instance().metricsNamespace(),
                System.out);
    }

    /** Tests' constructor. */
    public WebhookReconcilerHandler(DeliveryReconciler reconciler, String namespace, PrintStream metrics) {
        this.reconciler = reconciler;
        this.namespace = namespace;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        Log.begin(context == null ? null : context.getAwsRequestId(), null);
        try {
            Log.put("schedule_event_id", scheduleEventId(event));
            ReconcileSummary summary = reconciler.run();
            metrics.println(LagMetric.document(summary, namespace, Instant.now()));
            Json.write(summary, output);
        } finally {
            Log.end();
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
