package com.cordiul.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.core.SortableId;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.identity.PermissionDeniedException;
import com.cordiul.testing.MutableClock;
import com.cordiul.testing.RequestCounter;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.Unreachable;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class ApiKeyServiceTest {

    private static final String TABLE = "ApiKeysTable";
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T09:00:00.123Z"));
    private ApiKeyService service;

    private static final Caller ALICE = new Caller("user_alice", Optional.of("key_a"), Permission.all());
    private static final Caller BOB = new Caller("user_bob", Optional.of("key_b"), Permission.all());

    @BeforeEach
    void emptyTables() {
        service = new ApiKeyService(new ApiKeyStore(STORE.client(), TABLE), new ApiKeyGenerator(new SecureRandom()),
                new SortableId(clock, new Random(3)), clock);
    }

    @Test
    void create_returnsTheKeyOnce_andStoresOnlyItsHash() {
        CreatedApiKey created = service.create(ALICE, NewApiKey.of("deploy bot", List.of("calls:read")));

        assertThat(ApiKeyFormat.isWellFormed(created.key())).isTrue();
        assertThat(created.id()).startsWith("key_").hasSize(30);
        assertThat(created.start()).isEqualTo(created.key().substring(0, 12));
        assertThat(created.permissions()).containsExactly("calls:read");
        assertThat(created.createdAt()).isEqualTo("2025-03-01T09:00:00.123Z");
        assertThat(created.toString()).doesNotContain(created.key());

        var items = STORE.client().scan(b -> b.tableName(TABLE)).items();
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("key_hash").s()).isEqualTo(ApiKeyHasher.hash(created.key()));
        assertThat(items.get(0).toString()).doesNotContain(created.key().substring(12));
    }

    @Test
    void list_showsOnlyTheOwnersKeys_newestFirst_withoutTheKeys() {
        CreatedApiKey first = service.create(ALICE, NewApiKey.of("first", List.of("calls:read")));
        clock.advance(Duration.ofSeconds(1));
        CreatedApiKey second = service.create(ALICE, NewApiKey.of("second", List.of("calls:write")));
        service.create(BOB, NewApiKey.of("bob's", List.of("calls:read")));

        List<ApiKeyView> keys = service.list(ALICE);

        assertThat(keys).extracting(ApiKeyView::id).containsExactly(second.id(), first.id());
        assertThat(keys.get(0)).isEqualTo(new ApiKeyView(second.id(), "second", List.of("calls:write"),
                second.start(), "2025-03-01T09:00:01.123Z", null));
    }

    @Test
    void list_readsEveryPage_newestFirst() {
        for (int i = 0; i < 23; i++) {
            service.issue("user_many", NewApiKey.of("k" + i, List.of("calls:read")));
            clock.advance(Duration.ofMillis(1));
        }
        RequestCounter counter = new RequestCounter();
        try (DynamoDbClient counted = counter.client(STORE.dynalite().endpoint())) {
            ApiKeyService paged = new ApiKeyService(new ApiKeyStore(counted, TABLE, 5), new ApiKeyGenerator(),
                    SortableId.system(), clock);

            List<ApiKeyView> keys = paged.list(new Caller("user_many", Optional.empty(), Permission.all()));

            assertThat(keys).hasSize(23).extracting(ApiKeyView::name).startsWith("k22", "k21").endsWith("k0");
            assertThat(counter.count("QueryRequest")).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void revoke_deletesTheKey_andReturnsItsSummary() {
        CreatedApiKey created = service.create(ALICE, NewApiKey.of("old", List.of("calls:read")));

        ApiKeyView revoked = service.revoke(ALICE, created.id());

        assertThat(revoked.id()).isEqualTo(created.id());
        assertThat(revoked.name()).isEqualTo("old");
        assertThat(service.list(ALICE)).isEmpty();
        assertThat(new ApiKeyStore(STORE.client(), TABLE).findByHash(ApiKeyHasher.hash(created.key()))).isEmpty();
    }

    @Test
    void revoke_ofAnotherOwnersKey_isNotFound_andKeepsTheKey() {
        CreatedApiKey bobs = service.create(BOB, NewApiKey.of("bob's", List.of("calls:read")));

        assertThatThrownBy(() -> service.revoke(ALICE, bobs.id())).isInstanceOf(ApiKeyNotFoundException.class);
        assertThat(service.list(BOB)).hasSize(1);
    }

    @Test
    void revoke_ofAnUnknownOrMalformedId_isNotFound() {
        assertThatThrownBy(() -> service.revoke(ALICE, "key_" + SortableId.lowest(Instant.now())))
                .isInstanceOf(ApiKeyNotFoundException.class);
        assertThatThrownBy(() -> service.revoke(ALICE, "key_../../etc")).isInstanceOf(ApiKeyNotFoundException.class);
        assertThatThrownBy(() -> service.revoke(ALICE, "call_01HZZZZZZZZZZZZZZZZZZZZZZZ"))
                .isInstanceOf(ApiKeyNotFoundException.class);
    }

    @Test
    void revoke_twice_isNotFoundTheSecondTime() {
        CreatedApiKey created = service.create(ALICE, NewApiKey.of("once", List.of("calls:read")));
        service.revoke(ALICE, created.id());
        assertThatThrownBy(() -> service.revoke(ALICE, created.id())).isInstanceOf(ApiKeyNotFoundException.class);
    }

    @Test
    void operations_needTheirPermission() {
        Caller readOnly = new Caller("user_alice", Optional.of("key_r"), Set.of(Permission.API_KEYS_READ));
        assertThatThrownBy(() -> service.create(readOnly, NewApiKey.of("x", List.of("api_keys:read"))))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("api_keys:write");
        assertThatThrownBy(() -> service.revoke(readOnly, "key_x")).isInstanceOf(PermissionDeniedException.class);
        Caller writeOnly = new Caller("user_alice", Optional.of("key_w"), Set.of(Permission.API_KEYS_WRITE));
        assertThatThrownBy(() -> service.list(writeOnly)).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void create_cannotGrantMoreThanTheCallerHolds_andStoresNothing() {
        Caller limited = new Caller("user_alice", Optional.of("key_l"),
                Set.of(Permission.API_KEYS_WRITE, Permission.CALLS_READ));
        assertThatThrownBy(() -> service.create(limited, NewApiKey.of("x", List.of("calls:write"))))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(STORE.client().scan(b -> b.tableName(TABLE)).count()).isZero();
    }

    @Test
    void unreachableStore_surfacesAsStoreUnavailable() {
        try (DynamoDbClient down = Unreachable.dynamoDb()) {
            ApiKeyService unreachable = new ApiKeyService(new ApiKeyStore(down, TABLE), new ApiKeyGenerator(),
                    SortableId.system(), clock);
            assertThatThrownBy(() -> unreachable.create(ALICE, NewApiKey.of("x", List.of("calls:read"))))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> unreachable.list(ALICE)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> unreachable.revoke(ALICE, "key_" + SortableId.lowest(Instant.now())))
                    .isInstanceOf(StoreUnavailableException.class);
        }
    }
}
