package com.cordiul.fn.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.cordiul.auth.ApiKeyAuthenticator;
import com.cordiul.auth.ClerkSessionVerifier;
import com.cordiul.auth.RequestAuthenticator;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.keys.ApiKeyFormat;
import com.cordiul.keys.ApiKeyGenerator;
import com.cordiul.keys.ApiKeyHasher;
import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.ApiKeyStore;
import com.cordiul.keys.CreatedApiKey;
import com.cordiul.keys.NewApiKey;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.logging.Log;
import com.cordiul.testing.EmfRules;
import com.cordiul.testing.MutableClock;
import com.cordiul.testing.RequestCounter;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.TestJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AuthorizerHandlerTest {

    private static final String TABLE = "ApiKeysTable";
    private static final String OWNER = "user_2abc";
    private static final String STAGE_WILDCARD = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/*/*";
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private static final ClerkTokens CLERK = new ClerkTokens();

    private final RequestCounter counter = new RequestCounter();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private DynamoDbClient counted;
    private ApiKeyService keys;
    private AuthorizerHandler handler;

    @BeforeEach
    void setUp() {
        counted = counter.client(STORE.dynalite().endpoint());
        keys = ApiKeyService.over(STORE.client(), TABLE);
        handler = handlerOn(counted, ClerkSessionVerifier.withPublicKey(ClerkTokens.ISSUER, CLERK.publicKey(),
                Set.of(ClerkTokens.PARTY)));
        Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        Log.redirect(System.out);
        counted.close();
    }

    @Test
    void bearerKey_isAllowedOnTheWholeStage_withItsCallerInTheContext() {
        CreatedApiKey key = issue("calls:read", "api_keys:read");

        JsonNode policy = authorize(event(Map.of("Authorization", "Bearer " + key.key())));

        assertThat(policy.path("principalId").asText()).isEqualTo(OWNER);
        assertThat(policy.has("usageIdentifierKey")).isFalse();
        JsonNode statement = policy.path("policyDocument").path("Statement").get(0);
        assertThat(policy.path("policyDocument").path("Version").asText()).isEqualTo("2012-10-17");
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.path("Action").asText()).isEqualTo("execute-api:Invoke");
        assertThat(statement.path("Resource").get(0).asText()).isEqualTo(STAGE_WILDCARD);
        JsonNode context = policy.path("context");
        assertThat(context.path("owner").asText()).isEqualTo(OWNER);
        assertThat(context.path("key_id").asText()).isEqualTo(key.id());
        assertThat(context.path("permissions").asText()).isEqualTo("calls:read api_keys:read");
        assertThat(context).allMatch(JsonNode::isTextual);
    }

    @Test
    void xApiKey_isAllowed() {
        CreatedApiKey key = issue("calls:write");

        JsonNode policy = authorize(event(Map.of("x-api-key", key.key())));

        assertThat(context(policy)).containsEntry("key_id", key.id()).containsEntry("permissions", "calls:write");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer %s", "BEARER %s", "bEaReR    %s", "   Bearer %s   "})
    void bearerInAnyCase_withExtraSpaces_isAccepted(String form) {
        CreatedApiKey key = issue("calls:read");

        JsonNode policy = authorize(event(Map.of("authorization", form.formatted(key.key()))));

        assertThat(policy.path("principalId").asText()).isEqualTo(OWNER);
    }

    @Test
    void theFixture_withAKeyNobodyIssued_isUnauthorized() {
        assertThat(ApiKeyFormat.isWellFormed(fixture().getHeaders().get("Authorization").substring(7))).isTrue();
        assertUnauthorized(fixture());
    }

    @Test
    void missingCredential_isUnauthorized() {
        assertUnauthorized(event(Map.of()));
        assertUnauthorized(event(Map.of("Authorization", "Basic dXNlcjpwYXNz")));
        assertThat(counter.operations()).isEmpty();
    }

    @Test
    void malformedOrMistypedKey_isUnauthorized_withoutReadingTheStore() {
        CreatedApiKey key = issue("calls:read");
        char last = key.key().charAt(ApiKeyFormat.LENGTH - 1);
        String badChecksum = key.key().substring(0, ApiKeyFormat.LENGTH - 1) + (last == 'x' ? 'y' : 'x');

        assertUnauthorized(event(Map.of("x-api-key", "not-a-key")));
        assertUnauthorized(event(Map.of("x-api-key", key.key().substring(0, 30))));
        assertUnauthorized(event(Map.of("x-api-key", badChecksum)));
        assertUnauthorized(event(Map.of("Authorization", "Bearer sk_live_" + key.key().substring(8))));
        assertThat(counter.operations()).isEmpty();
    }

    @Test
    void unknownKey_isUnauthorized() {
        assertUnauthorized(event(Map.of("x-api-key", new ApiKeyGenerator().generate())));
    }

    @Test
    void revokedKey_isUnauthorizedFromTheNextRequestOn() {
        CreatedApiKey key = issue("calls:read");
        authorize(event(Map.of("x-api-key", key.key())));

        keys.revoke(new Caller(OWNER, Optional.empty(), Permission.all()), key.id());

        assertUnauthorized(event(Map.of("x-api-key", key.key())));
    }

    @Test
    void bothHeadersWithDifferentKeys_isUnauthorized() {
        CreatedApiKey mine = issue("calls:read");
        CreatedApiKey other = issue("calls:read");

        assertUnauthorized(event(Map.of("Authorization", "Bearer " + mine.key(), "x-api-key", other.key())));
        JsonNode same = authorize(
                event(Map.of("Authorization", "Bearer " + mine.key(), "x-api-key", mine.key())));
        assertThat(context(same)).containsEntry("key_id", mine.id());
    }

    @Test
    void aKeyHeaderRepeated_withAnotherKey_isUnauthorized_whicheverCopyTheSingleValueMapHolds() {
        CreatedApiKey mine = issue("calls:read");
        CreatedApiKey other = issue("calls:read");

        assertUnauthorized(repeated("x-api-key", other.key(), mine.key()));
        assertUnauthorized(repeated("x-api-key", mine.key(), other.key()));
        assertUnauthorized(repeated("Authorization", "Bearer " + other.key(), "Bearer " + mine.key()));
    }

    @Test
    void aKeyHeaderRepeated_withTheSameKey_isThatKey() {
        CreatedApiKey mine = issue("calls:read");

        assertThat(context(authorize(repeated("x-api-key", mine.key(), mine.key()))))
                .containsEntry("key_id", mine.id());
        assertThat(context(authorize(repeated("Authorization", "Bearer " + mine.key(), "bearer  " + mine.key()))))
                .containsEntry("key_id", mine.id());
    }

    @Test
    void hotPath_isExactlyOneDynamoDbRead() {
        CreatedApiKey key = issue("calls:read");
        authorize(event(Map.of("x-api-key", key.key())));
        counter.reset();

        clock.advance(Duration.ofSeconds(20));
        authorize(event(Map.of("x-api-key", key.key())));

        assertThat(counter.operations()).containsExactly("GetItemRequest");
    }

    @Test
    void lastUsedAt_isUpdatedAtMostOncePerMinute() {
        CreatedApiKey key = issue("calls:read");
        for (int second = 0; second <= 120; second += 15) {
            authorize(event(Map.of("x-api-key", key.key())));
            clock.advance(Duration.ofSeconds(15));
        }
        // Requests at 0, 15, ..., 120 s: writes at 0, 75 (first > 60 s after 0) and never again before 135.
        assertThat(counter.count("GetItemRequest")).isEqualTo(9);
        assertThat(counter.count("UpdateItemRequest")).isEqualTo(2);
        assertThat(lastUsedAt(key)).isEqualTo("2025-03-01T09:01:15.000Z");
    }

    @Test
    void validClerkSession_isAllowed_withEveryPermission_asItsSubject() {
        String token = CLERK.signed(ClerkTokens.session("user_clerk_1").build());

        JsonNode policy = authorize(event(Map.of("Authorization", "Bearer " + token)));

        assertThat(policy.path("principalId").asText()).isEqualTo("user_clerk_1");
        assertThat(context(policy)).containsEntry("owner", "user_clerk_1").containsEntry("key_id", "")
                .containsEntry("permissions", "calls:read calls:write api_keys:read api_keys:write");
        assertThat(counter.operations()).isEmpty();
    }

    @Test
    void expiredSession_isUnauthorized() {
        Instant past = Instant.now().minusSeconds(120);
        assertUnauthorizedToken(CLERK.signed(ClerkTokens.session("user_1").issueTime(Date.from(past))
                .notBeforeTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60))).build()));
    }

    @Test
    void notYetValidSession_isUnauthorized() {
        assertUnauthorizedToken(CLERK.signed(ClerkTokens.session("user_1")
                .notBeforeTime(Date.from(Instant.now().plusSeconds(60))).build()));
    }

    @Test
    void sessionOfAnotherIssuer_isUnauthorized() {
        assertUnauthorizedToken(CLERK.signed(ClerkTokens.session("user_1").issuer("https://evil.test").build()));
    }

    @Test
    void sessionForAnotherParty_isUnauthorized() {
        assertUnauthorizedToken(CLERK.signed(ClerkTokens.session("user_1").claim("azp", "https://evil.test").build()));
        assertUnauthorizedToken(CLERK.signed(ClerkTokens.session("user_1").claim("azp", null).build()));
    }

    @Test
    void unsignedSession_isUnauthorized() {
        assertUnauthorizedToken(ClerkTokens.unsigned(ClerkTokens.session("user_1").build()));
    }

    @Test
    void hmacSessionSignedWithThePublicKey_isUnauthorized() {
        assertUnauthorizedToken(CLERK.hmacWithPublicKey(ClerkTokens.session("user_1").build()));
    }

    @Test
    void sessionSignedByAnotherKey_isUnauthorized() {
        assertUnauthorizedToken(new ClerkTokens().signed(ClerkTokens.session("user_1").build()));
    }

    @Test
    void sessions_areRefused_whenNoIssuerIsConfigured() {
        handler = handlerOn(counted, ClerkSessionVerifier.disabled());
        assertUnauthorizedToken(CLERK.signed(ClerkTokens.session("user_1").build()));
    }

    @Test
    void storeDown_isAFailure_neitherAnAllowNorA401() {
        CreatedApiKey key = issue("calls:read");
        try (DynamoDbClient down = DynamoDbClient.builder().endpointOverride(STORE.dynalite().endpoint())
                .region(Region.US_EAST_1).credentialsProvider(Dynalite.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            handler = handlerOn(down, ClerkSessionVerifier.disabled());
            STORE.dynalite().close();
            assertThatThrownBy(() -> authorize(event(Map.of("x-api-key", key.key()))))
                    .isInstanceOf(RuntimeException.class)
                    .extracting(Throwable::getMessage).isNotEqualTo("Unauthorized");
        }
        assertThat(EmfRules.sum(metrics(), "AuthorizerOutcomes", Map.of("Outcome", "store_failure"))).isEqualTo(1);
    }

    @Test
    void eachDecision_isCountedByOutcome_inTheInvocationsMetrics() {
        CreatedApiKey key = issue("calls:read");
        char last = key.key().charAt(ApiKeyFormat.LENGTH - 1);
        String badChecksum = key.key().substring(0, ApiKeyFormat.LENGTH - 1) + (last == 'x' ? 'y' : 'x');

        authorize(event(Map.of("x-api-key", key.key())));
        authorize(event(Map.of("Authorization", "Bearer " + key.key())));
        assertUnauthorized(event(Map.of("x-api-key", badChecksum)));
        assertUnauthorized(event(Map.of("x-api-key", new ApiKeyGenerator().generate())));
        assertUnauthorized(event(Map.of()));

        List<EmfRules.Datum> data = metrics();
        assertThat(EmfRules.sum(data, "AuthorizerOutcomes", Map.of("Outcome", "allow"))).isEqualTo(2);
        assertThat(EmfRules.sum(data, "AuthorizerOutcomes", Map.of("Outcome", "invalid_checksum"))).isEqualTo(1);
        assertThat(EmfRules.sum(data, "AuthorizerOutcomes", Map.of("Outcome", "deny"))).isEqualTo(2);
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(key.key(), badChecksum);
    }

    private List<EmfRules.Datum> metrics() {
        return EmfRules.data(logs.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void neitherKeysNorTokens_areEverLogged() {
        CreatedApiKey key = issue("calls:read");
        String token = CLERK.signed(ClerkTokens.session("user_clerk_1").build());
        String forged = CLERK.hmacWithPublicKey(ClerkTokens.session("user_1").build());

        authorize(event(Map.of("x-api-key", key.key())));
        authorize(event(Map.of("Authorization", "Bearer " + token)));
        assertUnauthorizedToken(forged);
        assertUnauthorized(event(Map.of("x-api-key", key.key() + "x")));

        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("request authorized", "request refused");
        assertThat(logged).doesNotContain(key.key().substring(12, 40))
                .doesNotContain(token.substring(token.indexOf('.') + 1, token.indexOf('.') + 30))
                .doesNotContain(forged.substring(forged.lastIndexOf('.') + 1));
    }

    private AuthorizerHandler handlerOn(DynamoDbClient client, ClerkSessionVerifier sessions) {
        return new AuthorizerHandler(new RequestAuthenticator(
                new ApiKeyAuthenticator(new ApiKeyStore(client, TABLE), clock), sessions));
    }

    private CreatedApiKey issue(String... permissions) {
        return keys.issue(OWNER, NewApiKey.of("test key", List.of(permissions)));
    }

    private void assertUnauthorized(APIGatewayCustomAuthorizerEvent event) {
        assertThatThrownBy(() -> authorize(event))
                .isExactlyInstanceOf(RuntimeException.class).hasMessage("Unauthorized");
    }

    private void assertUnauthorizedToken(String token) {
        assertUnauthorized(event(Map.of("Authorization", "Bearer " + token)));
    }

    private String lastUsedAt(CreatedApiKey key) {
        return STORE.client().getItem(b -> b.tableName(TABLE).consistentRead(true)
                .key(Map.of("key_hash", AttributeValue.fromS(ApiKeyHasher.hash(key.key())))))
                .item().get("last_used_at").s();
    }

    /** The sample event, read as the Lambda runtime reads an event type it has no dedicated serializer for. */
    private static APIGatewayCustomAuthorizerEvent fixture() {
        try (InputStream in = Files.newInputStream(RepositoryRoot.find().resolve("events/authorizer.json"))) {
            return JacksonFactory.getInstance().getSerializer(APIGatewayCustomAuthorizerEvent.class).fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample event with the credential headers replaced. */
    private static APIGatewayCustomAuthorizerEvent event(Map<String, String> credentials) {
        APIGatewayCustomAuthorizerEvent event = fixture();
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("Authorization");
        headers.putAll(credentials);
        event.setHeaders(headers);
        return event;
    }

    /**
     * The sample event with a credential header sent twice, as API Gateway gives it: both values in
     * {@code multiValueHeaders}, the last one in {@code headers}.
     */
    private static byte[] repeated(String header, String first, String last) {
        try {
            ObjectNode event = (ObjectNode) TestJson.mapper().readTree(
                    Files.readAllBytes(RepositoryRoot.find().resolve("events/authorizer.json")));
            ObjectNode headers = (ObjectNode) event.get("headers");
            headers.remove("Authorization");
            headers.put(header, last);
            ObjectNode multi = event.putObject("multiValueHeaders");
            headers.fields().forEachRemaining(h -> multi.putArray(h.getKey()).add(h.getValue()));
            multi.putArray(header).add(first).add(last);
            return TestJson.mapper().writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode authorize(byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            return TestJson.mapper().readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertUnauthorized(byte[] event) {
        assertThatThrownBy(() -> authorize(event))
                .isExactlyInstanceOf(RuntimeException.class).hasMessage("Unauthorized");
    }

    /** One invocation as Lambda runs it: the event serialized as the runtime would, the policy as written. */
    private JsonNode authorize(APIGatewayCustomAuthorizerEvent event) {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        JacksonFactory.getInstance().getSerializer(APIGatewayCustomAuthorizerEvent.class).toJson(event, in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(in.toByteArray()), out, null);
            return TestJson.mapper().readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> context(JsonNode policy) {
        return TestJson.mapper().convertValue(policy.get("context"), Map.class);
    }
}
