package com.cordiul.fn.listwebhookendpoints;

import static com.cordiul.testing.ApiEvents.as;
import static com.cordiul.testing.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.core.SortableId;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.testing.ApiEvents;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.WebhookFixtures;
import com.cordiul.webhooks.NewWebhookEndpoint;
import com.cordiul.webhooks.WebhookEndpointService;
import com.cordiul.webhooks.WebhookEndpointStore;
import com.cordiul.webhooks.WebhookSecret;
import com.cordiul.webhooks.url.WebhookAddressGuard;
import com.cordiul.webhooks.url.WebhookUrlPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ListWebhookEndpointsHandlerTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private final WebhookEndpointService service = new WebhookEndpointService(
            new WebhookEndpointStore(STORE.client(), "WebhookEndpointsTable"),
            new WebhookAddressGuard(WebhookFixtures::resolve), WebhookSecret.secure(), SortableId.system(),
            Clock.systemUTC());
    private final ListWebhookEndpointsHandler handler = new ListWebhookEndpointsHandler(service,
            RateLimitPolicy.none());

    @Test
    void list_showsTheOwnersEndpointsOldestFirst_neverASecret_norAnotherOwners() {
        Caller owner = new Caller("user_2abc", Optional.empty(), Permission.all());
        String first = service.create(owner, endpoint("https://hooks.example.com/a")).id();
        String second = service.create(owner, endpoint("https://hooks.example.com/b")).id();
        service.create(new Caller("user_other", Optional.empty(), Permission.all()),
                endpoint("https://hooks.example.com/c"));

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler,
                ApiEvents.load("list-webhook-endpoints.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode endpoints = json(response.getBody()).path("data").path("endpoints");
        assertThat(endpoints).hasSize(2);
        assertThat(endpoints.get(0).path("id").asText()).isEqualTo(first);
        assertThat(endpoints.get(1).path("id").asText()).isEqualTo(second);
        assertThat(endpoints.get(0).path("status").asText()).isEqualTo("enabled");
        assertThat(endpoints.get(0).has("disabled_reason")).isFalse();
        assertThat(response.getBody()).doesNotContain("whsec_").doesNotContain("secret");
    }

    @Test
    void aKeyWithoutWebhooksRead_isForbidden() {
        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, as(
                ApiEvents.load("list-webhook-endpoints.json"), "user_2abc", "calls:read api_keys:read"));

        assertThat(response.getStatusCode()).isEqualTo(403);
    }

    private static NewWebhookEndpoint endpoint(String url) {
        return NewWebhookEndpoint.fromJson(Map.of("url", url), WebhookUrlPolicy.strict());
    }
}
