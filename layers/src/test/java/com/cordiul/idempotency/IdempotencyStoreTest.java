package com.cordiul.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.core.InvalidRequestException;
import com.cordiul.testing.OldItemOnConditionFailure;
import com.cordiul.testing.RequestCounter;
import com.cordiul.testing.TemplateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class IdempotencyStoreTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T12:00:00Z"));
    private IdempotencyStore store;
    private final IdempotencyKey key = IdempotencyKey.fromHeader(List.of("order-42")).orElseThrow();

    @BeforeEach
    void empty() {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        store = new IdempotencyStore(STORE.client(), "IdempotencyTable", clock, Duration.ofSeconds(60),
                Duration.ofHours(24));
    }

    private IdempotencyStore over(DynamoDbClient client) {
        return new IdempotencyStore(client, "IdempotencyTable", Clock.fixed(now.get(), ZoneOffset.UTC),
                Duration.ofSeconds(60), Duration.ofHours(24));
    }

    @Test
    void aReplay_whenTheStoreLeavesTheItemOutOfItsRefusal_readsIt() {
        RequestCounter counter = new RequestCounter();
        try (DynamoDbClient client = counter.client(STORE.endpoint())) {
            IdempotencyStore counted = over(client);
            Claim.Owned owned = (Claim.Owned) counted.claim("owner-a", key, "hash-1", "call_A");
            counted.complete(owned, new StoredResponse(201, StoredResponse.SUCCESS, "{\"id\":\"call_A\"}"));
            counter.reset();

            assertThat(counted.claim("owner-a", key, "hash-1", "call_B")).isEqualTo(
                    new Claim.Replay(new StoredResponse(201, StoredResponse.SUCCESS, "{\"id\":\"call_A\"}")));
            // dynalite ignores ReturnValuesOnConditionCheckFailure: the refused claim, then the fallback read.
            assertThat(counter.operations()).containsExactly("PutItemRequest", "GetItemRequest");
        }
    }

    @Test
    void aReplay_whenTheRefusalCarriesTheItem_isOneWriteAndNoRead() {
        RequestCounter counter = new RequestCounter();
        OldItemOnConditionFailure dynamoDbBehaviour = new OldItemOnConditionFailure(STORE.client());
        try (DynamoDbClient client = counter.client(STORE.endpoint(), dynamoDbBehaviour)) {
            IdempotencyStore counted = over(client);
            Claim.Owned owned = (Claim.Owned) counted.claim("owner-a", key, "hash-1", "call_A");
            counted.complete(owned, new StoredResponse(201, StoredResponse.SUCCESS, "{\"id\":\"call_A\"}"));
            counter.reset();

            assertThat(counted.claim("owner-a", key, "hash-1", "call_B")).isEqualTo(
                    new Claim.Replay(new StoredResponse(201, StoredResponse.SUCCESS, "{\"id\":\"call_A\"}")));
            assertThatThrownBy(() -> counted.claim("owner-a", key, "hash-2", "call_C"))
                    .isInstanceOf(IdempotencyKeyReusedException.class);
            assertThat(counter.operations()).containsExactly("PutItemRequest", "PutItemRequest");
            assertThat(dynamoDbBehaviour.itemsAdded()).isEqualTo(2);
        }
    }

    @Test
    void aClaimInFlight_seenThroughTheRefusalsItem_isInProgress_withoutARead() {
        RequestCounter counter = new RequestCounter();
        try (DynamoDbClient client = counter.client(STORE.endpoint(), new OldItemOnConditionFailure(STORE.client()))) {
            IdempotencyStore counted = over(client);
            counted.claim("owner-a", key, "hash-1", "call_A");
            counter.reset();

            assertThatThrownBy(() -> counted.claim("owner-a", key, "hash-1", "call_B"))
                    .isInstanceOfSatisfying(RequestInProgressException.class,
                            e -> assertThat(e.retryAfterSeconds()).isBetween(1, 5));
            assertThat(counter.operations()).containsExactly("PutItemRequest");
        }
    }

    private void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    @Test
    void firstClaim_ownsTheKey_withTheProposedCallId() {
        Claim claim = store.claim("owner-a", key, "hash-1", "call_A");
        assertThat(claim).isInstanceOfSatisfying(Claim.Owned.class, o -> {
            assertThat(o.callId()).isEqualTo("call_A");
            assertThat(o.takeover()).isFalse();
        });
    }

    @Test
    void sameKeyWhileInFlight_isInProgress_withRetryAfter() {
        store.claim("owner-a", key, "hash-1", "call_A");
        assertThatThrownBy(() -> store.claim("owner-a", key, "hash-1", "call_B"))
                .isInstanceOfSatisfying(RequestInProgressException.class, e -> {
                    assertThat(e.code()).isEqualTo("request_in_progress");
                    assertThat(e.retryAfterSeconds()).isBetween(1, 5);
                });
    }

    @Test
    void completedKey_replaysTheStoredResponse() {
        Claim.Owned owned = (Claim.Owned) store.claim("owner-a", key, "hash-1", "call_A");
        store.complete(owned, new StoredResponse(201, StoredResponse.SUCCESS, "{\"id\":\"call_A\"}"));
        assertThat(store.claim("owner-a", key, "hash-1", "call_B")).isEqualTo(
                new Claim.Replay(new StoredResponse(201, StoredResponse.SUCCESS, "{\"id\":\"call_A\"}")));
    }

    @Test
    void sameKeyWithAnotherRequest_isRefused() {
        store.claim("owner-a", key, "hash-1", "call_A");
        assertThatThrownBy(() -> store.claim("owner-a", key, "hash-2", "call_B"))
                .isInstanceOfSatisfying(IdempotencyKeyReusedException.class,
                        e -> assertThat(e.code()).isEqualTo("idempotency_key_reused"));
    }

    @Test
    void keysAreScopedToTheirOwner() {
        store.claim("owner-a", key, "hash-1", "call_A");
        assertThat(store.claim("owner-b", key, "hash-2", "call_B"))
                .isInstanceOfSatisfying(Claim.Owned.class, o -> assertThat(o.callId()).isEqualTo("call_B"));
    }

    @Test
    void claimOfADeadHolder_isTakenOver_withTheSameCallId_byExactlyOne() {
        Claim.Owned first = (Claim.Owned) store.claim("owner-a", key, "hash-1", "call_A");
        advance(Duration.ofSeconds(61));

        Claim second = store.claim("owner-a", key, "hash-1", "call_B");
        assertThat(second).isInstanceOfSatisfying(Claim.Owned.class, o -> {
            assertThat(o.callId()).isEqualTo("call_A");
            assertThat(o.takeover()).isTrue();
        });
        assertThatThrownBy(() -> store.claim("owner-a", key, "hash-1", "call_C"))
                .isInstanceOf(RequestInProgressException.class);
        // The dead holder's late completion no longer counts: its lock was taken over.
        store.complete(first, new StoredResponse(201, StoredResponse.SUCCESS, "{\"late\":true}"));
        store.complete((Claim.Owned) second, new StoredResponse(202, StoredResponse.SUCCESS, "{\"id\":\"call_A\"}"));
        assertThat(store.claim("owner-a", key, "hash-1", "call_D")).isEqualTo(
                new Claim.Replay(new StoredResponse(202, StoredResponse.SUCCESS, "{\"id\":\"call_A\"}")));
    }

    @Test
    void releasedKey_canBeClaimedAgain() {
        Claim.Owned owned = (Claim.Owned) store.claim("owner-a", key, "hash-1", "call_A");
        store.release(owned);
        assertThat(store.claim("owner-a", key, "hash-1", "call_B"))
                .isInstanceOfSatisfying(Claim.Owned.class, o -> assertThat(o.callId()).isEqualTo("call_B"));
    }

    @Test
    void keyOlderThanItsRetention_isForgotten_evenIfNotDeleted() {
        Claim.Owned owned = (Claim.Owned) store.claim("owner-a", key, "hash-1", "call_A");
        store.complete(owned, new StoredResponse(201, StoredResponse.SUCCESS, "{}"));
        advance(Duration.ofHours(24).plusSeconds(1));
        assertThat(store.claim("owner-a", key, "hash-2", "call_B"))
                .isInstanceOfSatisfying(Claim.Owned.class, o -> assertThat(o.callId()).isEqualTo("call_B"));
    }

    @Test
    void malformedKeys_areRefusedNamingTheHeader() {
        for (List<String> values : List.of(List.of(""), List.of("x".repeat(256)), List.of("tab\there"),
                List.of("é"), List.of("a", "b"))) {
            assertThatThrownBy(() -> IdempotencyKey.fromHeader(values)).as(values.toString())
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).contains("Idempotency-Key"));
        }
        assertThat(IdempotencyKey.fromHeader(List.of("x".repeat(255)))).isPresent();
        assertThat(IdempotencyKey.fromHeader(List.of())).isEmpty();
    }
}
