package com.cordiul.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.core.SortableId;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.identity.UnauthenticatedException;
import com.cordiul.keys.ApiKeyGenerator;
import com.cordiul.keys.ApiKeyHasher;
import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.ApiKeyStore;
import com.cordiul.keys.CreatedApiKey;
import com.cordiul.keys.NewApiKey;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.TemplateTables;
import com.cordiul.testing.MutableClock;
import com.cordiul.testing.RequestCounter;
import com.cordiul.testing.Unreachable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

class ApiKeyAuthenticatorTest {

    private static final String TABLE = "ApiKeysTable";
    private static final TemplateTables TABLES = TemplateTables.fromRepository();
    private static final Instant START = Instant.parse("2025-05-05T10:00:00Z");
    private static Dynalite dynalite;
    private static DynamoDbClient admin;

    private final RequestCounter counter = new RequestCounter();
    private final MutableClock clock = new MutableClock(START);
    private DynamoDbClient counted;
    private ApiKeyService keys;
    private ApiKeyAuthenticator authenticator;

    @BeforeAll
    static void startStore() {
        dynalite = Dynalite.startInMemory();
        admin = dynalite.client();
        TABLES.createAll(admin);
    }

    @AfterAll
    static void stopStore() {
        admin.close();
        dynalite.close();
    }

    @BeforeEach
    void setUp() {
        TABLES.truncateAll(admin);
        counted = counter.client(dynalite.endpoint());
        keys = new ApiKeyService(new ApiKeyStore(admin, TABLE), new ApiKeyGenerator(),
                new SortableId(clock, new Random(5)), clock);
        authenticator = new ApiKeyAuthenticator(new ApiKeyStore(counted, TABLE), clock);
    }

    @Test
    void validKey_becomesItsOwnersCaller_withItsPermissions() {
        CreatedApiKey key = keys.issue("user_1", NewApiKey.of("k", List.of("calls:read", "api_keys:read")));

        Caller caller = authenticator.authenticate(key.key());

        assertThat(caller.owner()).isEqualTo("user_1");
        assertThat(caller.keyId()).contains(key.id());
        assertThat(caller.permissions()).containsExactlyInAnyOrder(Permission.CALLS_READ, Permission.API_KEYS_READ);
    }

    @Test
    void hotPath_isExactlyOneConsistentRead() {
        CreatedApiKey key = keys.issue("user_1", NewApiKey.of("k", List.of("calls:read")));
        authenticator.authenticate(key.key());
        counter.reset();

        clock.advance(Duration.ofSeconds(10));
        authenticator.authenticate(key.key());

        assertThat(counter.operations()).containsExactly("GetItemRequest");
    }

    @Test
    void lastUsedAt_isWrittenAtMostOncePerMinute() {
        CreatedApiKey key = keys.issue("user_1", NewApiKey.of("k", List.of("calls:read")));

        authenticator.authenticate(key.key());
        assertThat(counter.count("UpdateItemRequest")).isEqualTo(1);
        assertThat(lastUsedAt(key)).contains("2025-05-05T10:00:00.000Z");

        clock.advance(Duration.ofSeconds(59));
        authenticator.authenticate(key.key());
        authenticator.authenticate(key.key());
        assertThat(counter.count("UpdateItemRequest")).isEqualTo(1);
        assertThat(lastUsedAt(key)).contains("2025-05-05T10:00:00.000Z");

        clock.advance(Duration.ofSeconds(2));
        authenticator.authenticate(key.key());
        assertThat(counter.count("UpdateItemRequest")).isEqualTo(2);
        assertThat(lastUsedAt(key)).contains("2025-05-05T10:01:01.000Z");
    }

    @Test
    void mistypedKey_isRefused_withoutReadingTheStore() {
        CreatedApiKey key = keys.issue("user_1", NewApiKey.of("k", List.of("calls:read")));
        String mistyped = key.key().substring(0, 20) + (key.key().charAt(20) == 'a' ? 'b' : 'a')
                + key.key().substring(21);

        assertThatThrownBy(() -> authenticator.authenticate(mistyped)).isInstanceOf(UnauthenticatedException.class);
        assertThatThrownBy(() -> authenticator.authenticate("ck_live_short"))
                .isInstanceOf(UnauthenticatedException.class);
        assertThat(counter.operations()).isEmpty();
    }

    @Test
    void malformedKey_isRefused_evenWhenTheStoreIsUnreachable() {
        try (DynamoDbClient down = Unreachable.dynamoDb()) {
            ApiKeyAuthenticator offline = new ApiKeyAuthenticator(new ApiKeyStore(down, TABLE), clock);
            String forged = "ck_live_" + "A".repeat(43) + "AAAAAA";
            assertThatThrownBy(() -> offline.authenticate(forged)).isInstanceOf(UnauthenticatedException.class);
            String wellFormed = new ApiKeyGenerator().generate();
            assertThatThrownBy(() -> offline.authenticate(wellFormed))
                    .isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void unknownKey_isRefused_afterOneRead() {
        String unknown = new ApiKeyGenerator().generate();
        assertThatThrownBy(() -> authenticator.authenticate(unknown)).isInstanceOf(UnauthenticatedException.class);
        assertThat(counter.operations()).containsExactly("GetItemRequest");
    }

    @Test
    void revokedKey_isRefused_onTheNextRequest() {
        CreatedApiKey key = keys.issue("user_1", NewApiKey.of("k", List.of("calls:read")));
        authenticator.authenticate(key.key());

        keys.revoke(new Caller("user_1", Optional.empty(), Permission.all()), key.id());

        assertThatThrownBy(() -> authenticator.authenticate(key.key())).isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void failedLastUsedWrite_neverRefusesTheRequest() {
        CreatedApiKey key = keys.issue("user_1", NewApiKey.of("k", List.of("calls:read")));
        try (DynamoDbClient writesFail = DynamoDbClient.builder().endpointOverride(dynalite.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(Dynalite.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .addExecutionInterceptor(new FailingUpdates()).build())
                .build()) {
            ApiKeyAuthenticator degraded = new ApiKeyAuthenticator(new ApiKeyStore(writesFail, TABLE), clock);

            assertThat(degraded.authenticate(key.key()).owner()).isEqualTo("user_1");
            assertThat(lastUsedAt(key)).isEmpty();
        }
    }

    @Test
    void storeDown_isAFault_neverARefusalNorAnAllow() {
        CreatedApiKey key = keys.issue("user_1", NewApiKey.of("k", List.of("calls:read")));
        try (DynamoDbClient down = Unreachable.dynamoDb()) {
            ApiKeyAuthenticator offline = new ApiKeyAuthenticator(new ApiKeyStore(down, TABLE), clock);
            assertThatThrownBy(() -> offline.authenticate(key.key())).isInstanceOf(StoreUnavailableException.class);
        }
    }

    private Optional<String> lastUsedAt(CreatedApiKey key) {
        Map<String, AttributeValue> item = admin.getItem(b -> b.tableName(TABLE).consistentRead(true)
                .key(Map.of("key_hash", AttributeValue.fromS(ApiKeyHasher.hash(key.key()))))).item();
        return Optional.ofNullable(item.get("last_used_at")).map(AttributeValue::s);
    }

    /** A network fault on every UpdateItem, as when DynamoDB times out on the write only. */
    private static final class FailingUpdates implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof UpdateItemRequest) {
                throw SdkClientException.create("simulated network fault");
            }
        }
    }
}
