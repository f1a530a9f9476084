package com.cordiul.fn.createwebhookendpoint;

import static com.cordiul.testing.ApiEvents.as;
import static com.cordiul.testing.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.core.SortableId;
import com.cordiul.logging.Log;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.testing.ApiEvents;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.WebhookFixtures;
import com.cordiul.webhooks.WebhookEndpointService;
import com.cordiul.webhooks.WebhookEndpointStore;
import com.cordiul.webhooks.WebhookSecret;
import com.cordiul.webhooks.url.WebhookAddressGuard;
import com.cordiul.webhooks.url.WebhookUrlPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CreateWebhookEndpointHandlerTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private CreateWebhookEndpointHandler handler;

    @BeforeEach
    void setUp() {
        handler = new CreateWebhookEndpointHandler(new WebhookEndpointService(
                new WebhookEndpointStore(STORE.client(), "WebhookEndpointsTable"),
                new WebhookAddressGuard(WebhookFixtures::resolve), WebhookSecret.secure(), SortableId.system(),
                Clock.systemUTC()), WebhookUrlPolicy.strict(), RateLimitPolicy.none());
        Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLogs() {
        Log.redirect(System.out);
    }

    @Test
    void create_answers201_withTheSecretOnce_inTheDocumentedShape() {
        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler,
                ApiEvents.load("create-webhook-endpoint.json"));

        assertThat(response.getStatusCode()).isEqualTo(201);
        JsonNode data = json(response.getBody()).path("data");
        List<String> fields = new ArrayList<>();
        data.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "url", "events", "description", "secret", "created_at");
        assertThat(data.path("id").asText()).startsWith("we_");
        assertThat(data.path("url").asText()).isEqualTo("https://hooks.example.com/cordiul");
        assertThat(data.path("events").toString()).isEqualTo("[\"call.completed\",\"call.failed\"]");
        assertThat(data.path("description").asText()).isEqualTo("Billing system");
        String secret = data.path("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
        assertThat(STORE.client().scan(b -> b.tableName("WebhookEndpointsTable")).count()).isEqualTo(1);
    }

    @Test
    void aKeyWithoutWebhooksWrite_isForbidden_andNothingIsStored() {
        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, as(
                ApiEvents.load("create-webhook-endpoint.json"), "user_2abc",
                "calls:read calls:write api_keys:read api_keys:write webhooks:read"));

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(json(response.getBody()).path("error").path("message").asText()).contains("webhooks:write");
        assertThat(STORE.client().scan(b -> b.tableName("WebhookEndpointsTable")).count()).isZero();
    }

    @Test
    void aUrlThatIsNotHttps_orAPrivateAddress_is400NamingTheUrl_andNothingIsStored() {
        for (String url : List.of("http://hooks.example.com/", "https://169.254.169.254/latest/meta-data",
                "https://user:pw@hooks.example.com/", "https://[::ffff:127.0.0.1]/")) {
            APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, ApiEvents.load(
                    "create-webhook-endpoint.json").withBody("{\"url\": \"" + url + "\"}"));

            assertThat(response.getStatusCode()).as(url).isEqualTo(400);
            assertThat(json(response.getBody()).path("error").path("field").asText()).isEqualTo("url");
        }
        assertThat(STORE.client().scan(b -> b.tableName("WebhookEndpointsTable")).count()).isZero();
    }

    @Test
    void anUnknownEventType_is400ListingTheValidOnes() {
        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, ApiEvents.load(
                "create-webhook-endpoint.json").withBody("{\"url\": \"https://hooks.example.com/\", "
                + "\"events\": [\"call.answered\"]}"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode error = json(response.getBody()).path("error");
        assertThat(error.path("field").asText()).isEqualTo("events");
        assertThat(error.path("message").asText()).contains("call.in_progress", "call.no_answer");
    }
}
