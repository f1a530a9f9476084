package com.cordiul.fn.createapikey;

import static com.cordiul.testing.ApiEvents.as;
import static com.cordiul.testing.ApiEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.keys.ApiKeyFormat;
import com.cordiul.keys.ApiKeyHasher;
import com.cordiul.keys.ApiKeyService;
import com.cordiul.logging.Log;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.ApiEvents;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class CreateApiKeyHandlerTest {

    private static final String TABLE = "ApiKeysTable";
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private CreateApiKeyHandler handler;

    @BeforeEach
    void setUp() {
        handler = new CreateApiKeyHandler(ApiKeyService.over(STORE.client(), TABLE),
                RateLimitPolicy.none());
        Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLogs() {
        Log.redirect(System.out);
    }

    @Test
    void create_answers201_showsTheKeyOnce_andStoresOnlyItsHash() {
        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, ApiEvents.load("create-api-key.json"));

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(response.getHeaders()).containsEntry("X-Request-Id", "c6af9ac6-7b61-11e6-9a41-93e8deadbee1");
        JsonNode data = json(response.getBody()).path("data");
        String key = data.path("key").asText();
        assertThat(ApiKeyFormat.isWellFormed(key)).isTrue();
        assertThat(data.path("id").asText()).startsWith("key_");
        assertThat(data.path("name").asText()).isEqualTo("Nightly report");
        assertThat(data.path("permissions").toString()).isEqualTo("[\"calls:read\"]");
        assertThat(data.path("start").asText()).isEqualTo(key.substring(0, 12));
        assertThat(data.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        var items = STORE.client().scan(b -> b.tableName(TABLE)).items();
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("key_hash").s()).isEqualTo(ApiKeyHasher.hash(key));
        assertThat(items.get(0).get("owner").s()).isEqualTo("user_2abc");
        String dump = items.toString();
        assertThat(dump).doesNotContain(key).doesNotContain(key.substring(12, 40));
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(key.substring(12, 40));
    }

    @Test
    void callerWithoutApiKeysWrite_isForbidden_andNothingIsStored() {
        APIGatewayProxyRequestEvent event = as(ApiEvents.load("create-api-key.json"), "user_2abc",
                "calls:read api_keys:read");

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, event);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(json(response.getBody()).path("error").path("code").asText()).isEqualTo("forbidden");
        assertThat(STORE.client().scan(b -> b.tableName(TABLE)).count()).isZero();
    }

    @Test
    void aPermissionTheCallerLacks_cannotBeGranted() {
        APIGatewayProxyRequestEvent event = withBody(as(ApiEvents.load("create-api-key.json"), "user_2abc",
                "calls:read api_keys:write"), "{\"name\": \"escalate\", \"permissions\": [\"calls:write\"]}");

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, event);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(json(response.getBody()).path("error").path("message").asText()).contains("calls:write");
        assertThat(STORE.client().scan(b -> b.tableName(TABLE)).count()).isZero();
    }

    @Test
    void unknownPermission_is400_listingTheValidOnes() {
        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler,
                withBody(ApiEvents.load("create-api-key.json"),
                        "{\"name\": \"k\", \"permissions\": [\"calls:delete\"]}"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode error = json(response.getBody()).path("error");
        assertThat(error.path("field").asText()).isEqualTo("permissions");
        assertThat(error.path("message").asText())
                .contains("calls:read", "calls:write", "api_keys:read", "api_keys:write");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field            | {"name": "k", "scopes": ["calls:read"]}  | scopes
            name missing             | {"permissions": ["calls:read"]}          | name
            name wrong type          | {"name": ["k"]}                          | name
            name blank               | {"name": " "}                            | name
            permissions wrong type   | {"name": "k", "permissions": "all"}      | permissions
            permission wrong type    | {"name": "k", "permissions": [true]}     | permissions
            malformed JSON           | {"name": "k",                            | body
            not an object            | ["k"]                                    | body
            """)
    void badInput_is400_namingTheField_andStoresNothing(String description, String body, String field) {
        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler,
                withBody(ApiEvents.load("create-api-key.json"), body));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response.getBody()).path("error").path("field").asText()).isEqualTo(field);
        assertThat(STORE.client().scan(b -> b.tableName(TABLE)).count()).isZero();
    }

    @Test
    void storeDown_is503_withTheEnvelope() {
        DynamoDbClient noRetry = ApiEvents.noRetryClient(STORE.dynalite().endpoint());
        handler = new CreateApiKeyHandler(ApiKeyService.over(noRetry, TABLE),
                RateLimitPolicy.none());
        STORE.dynalite().close();
        try {
            APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, ApiEvents.load("create-api-key.json"));

            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(response.getHeaders()).containsKey("Retry-After");
            JsonNode body = json(response.getBody());
            assertThat(body.path("success").asBoolean()).isFalse();
            assertThat(body.path("error").path("code").asText()).isEqualTo("service_unavailable");
            assertThat(body.path("error").path("request_id").asText())
                    .isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbee1");
            assertThat(response.getBody()).doesNotContain("Exception").doesNotContain("127.0.0.1");
        } finally {
            noRetry.close();
        }
    }

    private static APIGatewayProxyRequestEvent withBody(APIGatewayProxyRequestEvent event, String body) {
        return event.withBody(body).withIsBase64Encoded(false);
    }
}
