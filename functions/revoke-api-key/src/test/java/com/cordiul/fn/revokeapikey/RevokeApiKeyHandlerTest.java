package com.cordiul.fn.revokeapikey;

import static com.cordiul.testing.ApiEvents.as;
import static com.cordiul.testing.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.auth.ApiKeyAuthenticator;
import com.cordiul.core.UnauthenticatedException;
import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.ApiKeyStore;
import com.cordiul.keys.CreatedApiKey;
import com.cordiul.keys.NewApiKey;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.TemplateTables;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.testing.ApiEvents;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class RevokeApiKeyHandlerTest {

    private static final String TABLE = "ApiKeysTable";
    private static final String OWNER = "user_2abc";
    private static final TemplateTables TABLES = TemplateTables.fromRepository();
    private static Dynalite dynalite;
    private static DynamoDbClient client;

    private ApiKeyService keys;
    private RevokeApiKeyHandler handler;

    @BeforeAll
    static void startStore() {
        dynalite = Dynalite.startInMemory();
        client = dynalite.client();
        TABLES.createAll(client);
    }

    @AfterAll
    static void stopStore() {
        client.close();
        dynalite.close();
    }

    @BeforeEach
    void setUp() {
        TABLES.truncateAll(client);
        keys = ApiKeyService.over(client, TABLE);
        handler = new RevokeApiKeyHandler(keys, RateLimitPolicy.none());
    }

    @Test
    void revoke_answersTheSummary_andTheKeyIsRefusedFromTheNextRequestOn() {
        CreatedApiKey key = keys.issue(OWNER, NewApiKey.of("to revoke", List.of("calls:read")));
        ApiKeyAuthenticator authorizer = new ApiKeyAuthenticator(new ApiKeyStore(client, TABLE), Clock.systemUTC());
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
        assertThat(client.scan(b -> b.tableName(TABLE)).count()).isZero();
    }

    @Test
    void anotherOwnersKey_is404_andStaysActive() {
        CreatedApiKey theirs = keys.issue("user_other", NewApiKey.of("theirs", List.of("calls:read")));

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, revoking(theirs.id()));

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(json(response.getBody()).path("error").path("code").asText()).isEqualTo("not_found");
        assertThat(client.scan(b -> b.tableName(TABLE)).count()).isEqualTo(1);
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
        assertThat(client.scan(b -> b.tableName(TABLE)).count()).isEqualTo(1);
    }

    @Test
    void storeDown_is503_withTheEnvelope() {
        CreatedApiKey key = keys.issue(OWNER, NewApiKey.of("kept", List.of("calls:read")));
        DynamoDbClient noRetry = ApiEvents.noRetryClient(dynalite.endpoint());
        handler = new RevokeApiKeyHandler(ApiKeyService.over(noRetry, TABLE),
                RateLimitPolicy.none());
        dynalite.close();
        try {
            APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, revoking(key.id()));

            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(json(response.getBody()).path("error").path("code").asText()).isEqualTo("service_unavailable");
            assertThat(response.getBody()).doesNotContain("Exception");
        } finally {
            noRetry.close();
            dynalite = dynalite.restart();
            TABLES.createAll(client);
        }
    }

    private static APIGatewayProxyRequestEvent revoking(String id) {
        APIGatewayProxyRequestEvent event = ApiEvents.load("revoke-api-key.json");
        event.setPathParameters(Map.of("id", id));
        event.setPath("/api/api-keys/" + id);
        return event;
    }
}
