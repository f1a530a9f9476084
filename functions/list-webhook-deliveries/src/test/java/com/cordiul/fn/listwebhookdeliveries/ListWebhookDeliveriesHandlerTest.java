package com.cordiul.fn.listwebhookdeliveries;

import static com.cordiul.testing.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.core.SortableId;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.testing.ApiEvents;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.WebhookFixtures;
import com.cordiul.webhooks.DeliveryAttempt;
import com.cordiul.webhooks.DeliveryLog;
import com.cordiul.webhooks.NewWebhookEndpoint;
import com.cordiul.webhooks.WebhookDeliveryHistory;
import com.cordiul.webhooks.WebhookEndpointService;
import com.cordiul.webhooks.WebhookEndpointStore;
import com.cordiul.webhooks.WebhookSecret;
import com.cordiul.webhooks.url.WebhookAddressGuard;
import com.cordiul.webhooks.url.WebhookUrlPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ListWebhookDeliveriesHandlerTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private final WebhookEndpointService service = new WebhookEndpointService(
            new WebhookEndpointStore(STORE.client(), "WebhookEndpointsTable"),
            new WebhookAddressGuard(WebhookFixtures::resolve), WebhookSecret.secure(), SortableId.system(),
            Clock.systemUTC());
    private final DeliveryLog log = new DeliveryLog(STORE.client(), "WebhookDeliveriesTable");
    private final ListWebhookDeliveriesHandler handler = new ListWebhookDeliveriesHandler(
            new WebhookDeliveryHistory(service, log), RateLimitPolicy.none());
    private String endpoint;

    @BeforeEach
    void register() {
        endpoint = service.create(new Caller("user_2abc", Optional.empty(), Permission.all()),
                NewWebhookEndpoint.fromJson(Map.of("url", "https://hooks.example.com/"), WebhookUrlPolicy.strict()))
                .id();
    }

    @Test
    void deliveries_listTheRecentAttemptsNewestFirst_upToTheLimit_inTheDocumentedShape() {
        Instant start = Instant.parse("2026-03-01T09:00:00Z");
        for (int i = 0; i < 25; i++) {
            log.record(new DeliveryAttempt(endpoint, "evt_" + i, "call.queued", 1 + i % 3,
                    i % 2 == 0 ? 200 : null, i % 2 == 0 ? null : "timeout", 10 + i, start.plusSeconds(i)));
        }

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, event(endpoint));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode deliveries = json(response.getBody()).path("data").path("deliveries");
        assertThat(deliveries).hasSize(20);
        assertThat(deliveries.get(0).path("event_id").asText()).isEqualTo("evt_24");
        assertThat(deliveries.get(0).path("status_code").asInt()).isEqualTo(200);
        assertThat(deliveries.get(0).has("error")).isFalse();
        assertThat(deliveries.get(1).path("error").asText()).isEqualTo("timeout");
        assertThat(deliveries.get(1).has("status_code")).isFalse();
        List<String> fields = new ArrayList<>();
        deliveries.get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("event_id", "type", "attempt", "status_code", "duration_ms", "at");
        assertThat(deliveries.get(0).path("at").asText()).isEqualTo("2026-03-01T09:00:24.000Z");
    }

    @Test
    void aBadLimit_orAnUnknownParameter_is400NamingIt() {
        for (Map<String, String> query : List.of(Map.of("limit", "0"), Map.of("limit", "101"),
                Map.of("limit", "ten"), Map.of("since", "yesterday"))) {
            APIGatewayProxyRequestEvent event = event(endpoint);
            event.setQueryStringParameters(query);
            Map<String, List<String>> multi = new java.util.HashMap<>();
            query.forEach((k, v) -> multi.put(k, List.of(v)));
            event.setMultiValueQueryStringParameters(multi);

            APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, event);

            assertThat(response.getStatusCode()).as(query.toString()).isEqualTo(400);
            assertThat(json(response.getBody()).path("error").path("field").asText())
                    .isEqualTo(query.keySet().iterator().next());
        }
    }

    @Test
    void anotherOwnersEndpoint_isNotFound() {
        String theirs = service.create(new Caller("user_other", Optional.empty(), Permission.all()),
                NewWebhookEndpoint.fromJson(Map.of("url", "https://hooks.example.com/"), WebhookUrlPolicy.strict()))
                .id();
        log.record(new DeliveryAttempt(theirs, "evt_1", "call.queued", 1, 200, null, 5, Instant.now()));

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, event(theirs));

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getBody()).doesNotContain("evt_1");
    }

    private static APIGatewayProxyRequestEvent event(String id) {
        return WebhookFixtures.withEndpoint(ApiEvents.load("list-webhook-deliveries.json"), id);
    }
}
