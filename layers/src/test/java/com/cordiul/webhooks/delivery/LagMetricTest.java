package com.cordiul.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.core.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LagMetricTest {

    @Test
    void theDocument_isEmbeddedMetricFormat_withTheLagAndTheRecoveredMessages() {
        ReconcileSummary summary = new ReconcileSummary(2, 5, 3, 0, 42, false);

        Object document = Json.parse(LagMetric.document(summary, "Cordiul/cordiul", Instant.ofEpochMilli(1_000)));

        assertThat(document).isInstanceOfSatisfying(Map.class, root -> {
            assertThat(root.get("WebhookDeliveryLagSeconds")).isEqualTo(42L);
            assertThat(root.get("WebhookMessagesRecovered")).isEqualTo(5L);
            assertThat(root.get("Service")).isEqualTo("Webhooks");
            Map<?, ?> aws = (Map<?, ?>) root.get("_aws");
            assertThat(aws.get("Timestamp")).isEqualTo(1000L);
            Map<?, ?> directive = (Map<?, ?>) ((List<?>) aws.get("CloudWatchMetrics")).get(0);
            assertThat(directive.get("Namespace")).isEqualTo("Cordiul/cordiul");
            assertThat(directive.get("Dimensions")).isEqualTo(List.of(List.of("Service")));
            List<Object> names = ((List<?>) directive.get("Metrics")).stream()
                    .map(m -> (Object) ((Map<?, ?>) m).get("Name")).toList();
            assertThat(names).containsExactly("WebhookDeliveryLagSeconds", "WebhookMessagesRecovered");
        });
    }

    @Test
    void retryWaits_addUpToMoreThan24Hours_evenBeforeJitter_andJitterOnlyLengthensThem() {
        RetrySchedule schedule = RetrySchedule.standard(new java.util.Random(7));
        java.time.Duration total = java.time.Duration.ZERO;
        for (int attempt = 1; attempt < RetrySchedule.MAX_ATTEMPTS; attempt++) {
            java.time.Duration wait = schedule.waitAfter(attempt);
            java.time.Duration base = RetrySchedule.WAITS.get(attempt - 1);
            assertThat(wait).isBetween(base, base.plusMillis((long) (base.toMillis() * RetrySchedule.JITTER)));
            total = total.plus(wait);
        }
        assertThat(total).isGreaterThan(java.time.Duration.ofHours(24));
        assertThat(RetrySchedule.WAITS.stream().reduce(java.time.Duration.ZERO, java.time.Duration::plus))
                .isEqualTo(java.time.Duration.ofHours(27).plusMinutes(35).plusSeconds(5));
        assertThat(schedule.circuitOpenFor(1)).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(schedule.circuitOpenFor(99)).isEqualTo(java.time.Duration.ofHours(1));
    }
}
