package com.cordiul.fn.revokeapikey;

import static com.cordiul.testing.ApiEvents.as;
import static com.cordiul.testing.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.auth.ApiKeyAuthenticator;
import com.cordiul.identity.UnauthenticatedException;
import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.ApiKeyStore;
import com.cordiul.keys.CreatedApiKey;
import com.cordiul.keys.NewApiKey;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.testing.ApiEvents;
import com.cordiul.testing.TemplateStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class RevokeApiKeyHandlerTest {

    private static final String TABLE = "ApiKeysTable";
    private static final String OWNER = "user_2abc";
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private ApiKeyService keys;
    private RevokeApiKeyHandler handler;

    @BeforeEach
    void setUp() {
        keys = ApiKeyService.over(STORE.client(), TABLE);
        handler = new RevokeApiKeyHandler(keys, RateLimitPolicy.none());
    }

    @Test
    void revoke_answersTheSummary_andTheKeyIsRefusedFromTheNextRequestOn() {
        CreatedApiKey key = keys.issue(OWNER, NewApiKey.of("to revoke", List.of("calls:read")));
        ApiKeyAuthenticator authorizer = new ApiKeyAuthenticator(new ApiKeyStore(STORE.client(), TABLE),
                Clock.systemUTC());
        assertThat(authorizer.authenticate(key.key()).owner()).isEqualTo(OWNER);

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, revoking(key.id()));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode data = json(response.getBody()).path("data");
        assertThat(data.path("id").asText()).isEqualTo(key.id());
        assertThat(data.path("name").asText()).isEqualTo("to revoke");
        assertThat(data.path("start").asText()).isEqualTo(key.start());
        assertThat(data.path("last_used_at").asText()).isNotBlank();
        assertThat(data.has("key")).isFalse();
        assertThatThrownBy(() -> authorizer.authenticate(key.key())).isInstanceOf(UnauthenticatedException.class);
        assertThat(STORE.client().scan(b -> b.tableName(TABLE)).count()).isZero();
    }

    @Test
    void anotherOwnersKey_is404_andStaysActive() {
        CreatedApiKey theirs = keys.issue("user_other", NewApiKey.of("theirs", List.of("calls:read")));

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, revoking(theirs.id()));

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response.getBody()).path("error").path("code").asText()).isEqualTo("not_found");
        assertThat(STORE.client().scan(b -> b.tableName(TABLE)).count()).isEqualTo(1);
    }

    @Test
    void unknownOrMalformedId_is404_likeAnotherOwnersKey() {
        APIGatewayProxyResponseEvent fixture = ApiEvents.invoke(handler, ApiEvents.load("revoke-api-key.json"));
        APIGatewayProxyResponseEvent malformed = ApiEvents.invoke(handler, revoking("key_nope"));

        assertThat(fixture.getStatusCode()).isEqualTo(404);
        assertThat(malformed.getStatusCode()).isEqualTo(404);
        assertThat(json(malformed.getBody()).path("error").path("message").asText())
                .isEqualTo(json(fixture.getBody()).path("error").path("message").asText());
    }

    @Test
    void callerWithoutApiKeysWrite_isForbidden_andTheKeyStays() {
        CreatedApiKey key = keys.issue(OWNER, NewApiKey.of("kept", List.of("calls:read")));
        APIGatewayProxyRequestEvent event = as(revoking(key.id()), OWNER, "calls:read api_keys:read");

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, event);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(STORE.client().scan(b -> b.tableName(TABLE)).count()).isEqualTo(1);
    }

    @Test
    void storeDown_is503_withTheEnvelope() {
        CreatedApiKey key = keys.issue(OWNER, NewApiKey.of("kept", List.of("calls:read")));
        DynamoDbClient noRetry = ApiEvents.noRetryClient(STORE.dynalite().endpoint());
        handler = new RevokeApiKeyHandler(ApiKeyService.over(noRetry, TABLE),
                RateLimitPolicy.none());
        STORE.dynalite().close();
        try {
            APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, revoking(key.id()));

            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(json(response.getBody()).path("error").path("code").asText()).isEqualTo("service_unavailable");
            assertThat(response.getBody()).doesNotContain("Exception");
        } finally {
            noRetry.close();
        }
    }

    private static APIGatewayProxyRequestEvent revoking(String id) {
        APIGatewayProxyRequestEvent event = ApiEvents.load("revoke-api-key.json");
        event.setPathParameters(Map.of("id", id));
        event.setPath("/api/api-keys/" + id);
        return event;
    }
}
