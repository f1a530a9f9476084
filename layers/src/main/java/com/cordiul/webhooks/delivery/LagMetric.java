package com.cordiul.webhooks.delivery;

import com.cordiul.core.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reconciler's metrics as one CloudWatch embedded metric format document, a log line CloudWatch Logs turns into
 * metrics (namespace {@code METRICS_NAMESPACE}, dimension {@code Service=Webhooks}): {@value #LAG} (how long past its
 * due time the most overdue delivery or fan-out is; the template's alarm on the oldest undelivered event watches
 * it) and {@value #RECOVERED} (messages the reconciler had to send again).
 */
public final class LagMetric {

    /** The lag metric's name. */
    public static final String LAG = "WebhookDeliveryLagSeconds";
    /** The recovered messages metric's name. */
    public static final String RECOVERED = "WebhookMessagesRecovered";

    private LagMetric() {
    }

    /** The document of one run. */
    public static String document(ReconcileSummary summary, String namespace, Instant at) {
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", namespace);
        directive.put("Dimensions", List.of(List.of("Service")));
        directive.put("Metrics", List.of(Map.of("Name", LAG, "Unit", "Seconds"),
                Map.of("Name", RECOVERED, "Unit", "Count")));
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", at.toEpochMilli());
        aws.put("CloudWatchMetrics", List.of(directive));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("_aws", aws);
        root.put("Service", "Webhooks");
        root.put(LAG, summary.lagSeconds());
        root.put(RECOVERED, summary.fannedOut() + summary.requeued());
        return Json.write(root);
    }
}
