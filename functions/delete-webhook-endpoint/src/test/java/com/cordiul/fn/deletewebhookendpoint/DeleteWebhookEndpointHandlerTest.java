package com.cordiul.fn.deletewebhookendpoint;

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
import com.cordiul.webhooks.CreatedWebhookEndpoint;
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

class DeleteWebhookEndpointHandlerTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private final WebhookEndpointStore store = new WebhookEndpointStore(STORE.client(), "WebhookEndpointsTable");
    private final WebhookEndpointService service = new WebhookEndpointService(store,
            new WebhookAddressGuard(WebhookFixtures::resolve), WebhookSecret.secure(), SortableId.system(),
            Clock.systemUTC());
    private final DeleteWebhookEndpointHandler handler = new DeleteWebhookEndpointHandler(service,
            RateLimitPolicy.none());

    private CreatedWebhookEndpoint registered(String owner) {
        return service.create(new Caller(owner, Optional.empty(), Permission.all()),
                NewWebhookEndpoint.fromJson(Map.of("url", "https://hooks.example.com/"),
                        WebhookUrlPolicy.strict()));
    }

    @Test
    void delete_answersTheDeletedEndpoint_andItIsGone() {
        CreatedWebhookEndpoint mine = registered("user_2abc");

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, WebhookFixtures.withEndpoint(
                ApiEvents.load("delete-webhook-endpoint.json"), mine.id()));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode data = json(response.getBody()).path("data");
        assertThat(data.path("id").asText()).isEqualTo(mine.id());
        assertThat(response.getBody()).doesNotContain("whsec_");
        assertThat(store.find("user_2abc", mine.id())).isEmpty();
    }

    @Test
    void anotherOwnersEndpoint_isNotFound_andUnchanged() {
        CreatedWebhookEndpoint theirs = registered("user_other");

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, WebhookFixtures.withEndpoint(
                ApiEvents.load("delete-webhook-endpoint.json"), theirs.id()));

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response.getBody()).path("error").path("code").asText()).isEqualTo("not_found");
        assertThat(store.find("user_other", theirs.id()).orElseThrow().secret()).isEqualTo(theirs.secret());
        assertThat(store.find("user_other", theirs.id()).orElseThrow().enabled()).isTrue();
    }

    @Test
    void aKeyWithoutWebhooksWrite_isForbidden() {
        CreatedWebhookEndpoint mine = registered("user_2abc");

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, ApiEvents.as(
                WebhookFixtures.withEndpoint(ApiEvents.load("delete-webhook-endpoint.json"), mine.id()), "user_2abc",
                "calls:read calls:write webhooks:read"));

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(store.find("user_2abc", mine.id())).isPresent();
    }
}
