package com.cordiul.fn.listapikeys;

import static com.cordiul.testing.ApiEvents.as;
import static com.cordiul.testing.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.core.SortableId;
import com.cordiul.keys.ApiKeyGenerator;
import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.ApiKeyStore;
import com.cordiul.keys.CreatedApiKey;
import com.cordiul.keys.NewApiKey;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.ApiEvents;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class ListApiKeysHandlerTest {

    private static final String TABLE = "ApiKeysTable";
    private static final String OWNER = "user_2abc";
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private ListApiKeysHandler handler;

    @BeforeEach
    void setUp() {
        handler = new ListApiKeysHandler(ApiKeyService.over(STORE.client(), TABLE),
                RateLimitPolicy.none());
    }

    @Test
    void list_showsTheOwnersKeys_newestFirst_withTheirStartOnly() {
        Instant t0 = Instant.parse("2025-02-01T08:00:00Z");
        CreatedApiKey oldest = issueAt(t0, OWNER, "oldest");
        CreatedApiKey middle = issueAt(t0.plus(Duration.ofHours(1)), OWNER, "middle");
        CreatedApiKey newest = issueAt(t0.plus(Duration.ofDays(1)), OWNER, "newest");
        issueAt(t0.plus(Duration.ofDays(2)), "user_other", "someone else's");

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, ApiEvents.load("list-api-keys.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode keys = json(response.getBody()).path("data").path("keys");
        assertThat(keys).extracting(k -> k.path("id").asText())
                .containsExactly(newest.id(), middle.id(), oldest.id());
        JsonNode first = keys.get(0);
        assertThat(first.path("name").asText()).isEqualTo("newest");
        assertThat(first.path("start").asText()).isEqualTo(newest.key().substring(0, 12)).hasSize(12);
        assertThat(first.path("created_at").asText()).isEqualTo("2025-02-02T08:00:00.000Z");
        assertThat(first.path("last_used_at").isNull()).isTrue();
        assertThat(first.path("permissions").toString()).isEqualTo("[\"calls:read\",\"calls:write\"]");
        assertThat(first.has("key")).isFalse();
        assertThat(response.getBody()).doesNotContain(newest.key()).doesNotContain(newest.key().substring(12, 30));
    }

    @Test
    void ownerWithoutKeys_getsAnEmptyList() {
        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, ApiEvents.load("list-api-keys.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response.getBody()).path("data").path("keys").isArray()).isTrue();
        assertThat(json(response.getBody()).path("data").path("keys")).isEmpty();
    }

    @Test
    void callerWithoutApiKeysRead_isForbidden() {
        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler,
                as(ApiEvents.load("list-api-keys.json"), OWNER, "calls:read calls:write api_keys:write"));

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(json(response.getBody()).path("error").path("message").asText()).contains("api_keys:read");
    }

    @Test
    void storeDown_is503_withTheEnvelope() {
        DynamoDbClient noRetry = ApiEvents.noRetryClient(STORE.dynalite().endpoint());
        handler = new ListApiKeysHandler(ApiKeyService.over(noRetry, TABLE),
                RateLimitPolicy.none());
        STORE.dynalite().close();
        try {
            APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, ApiEvents.load("list-api-keys.json"));

            assertThat(response.getStatusCode()).isEqualTo(503);
            JsonNode body = json(response.getBody());
            assertThat(body.path("success").asBoolean()).isFalse();
            assertThat(body.path("error").path("code").asText()).isEqualTo("service_unavailable");
            assertThat(response.getBody()).doesNotContain("Exception");
        } finally {
            noRetry.close();
        }
    }

    private static CreatedApiKey issueAt(Instant at, String owner, String name) {
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        ApiKeyService keys = new ApiKeyService(new ApiKeyStore(STORE.client(), TABLE), new ApiKeyGenerator(),
                new SortableId(clock, new Random()), clock);
        return keys.issue(owner, NewApiKey.of(name, List.of("calls:read", "calls:write")));
    }
}
