package com.cordiul.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.testing.OldItemOnConditionFailure;
import com.cordiul.testing.RequestCounter;
import com.cordiul.testing.TemplateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class RateLimiterTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.250Z");
    private static final RateLimit TEN_PER_MINUTE = new RateLimit("requests", 10, Duration.ofMinutes(1));
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    @BeforeEach
    void emptyTables() {
    }

    private static RateLimiter at(Instant now) {
        return new RateLimiter(STORE.client(), "RateLimitTable", Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void requestsWithinTheLimit_areAdmitted_withTheRemainingCountDown() {
        RateLimiter limiter = at(T0);
        for (int i = 1; i <= 10; i++) {
            RateLimitDecision d = limiter.acquire("key_a", TEN_PER_MINUTE);
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isEqualTo(10 - i);
        }
        RateLimitDecision refused = limiter.acquire("key_a", TEN_PER_MINUTE);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.headers()).containsEntry("X-RateLimit-Remaining", "0")
                .containsEntry("X-RateLimit-Limit", "10")
                .containsEntry("X-RateLimit-Reset", Long.toString(Instant.parse("2026-01-01T10:01:00Z")
                        .getEpochSecond()));
        assertThat(refused.retryAfterSeconds(T0)).isEqualTo(60);
    }

    @Test
    void concurrentInstances_admitExactlyTheLimit_andRefuseEveryExcessRequest() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                // Each task has its own limiter, as separate Lambda instances would: they share only the table.
                tasks.add(() -> at(T0).acquire("key_a", TEN_PER_MINUTE).allowed());
            }
            long admitted = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                admitted += f.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(10);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aNewWindow_admitsAgain() {
        for (int i = 0; i < 11; i++) {
            at(T0).acquire("key_a", TEN_PER_MINUTE);
        }
        assertThat(at(T0.plusSeconds(59)).acquire("key_a", TEN_PER_MINUTE).allowed()).isFalse();
        assertThat(at(T0.plusSeconds(60)).acquire("key_a", TEN_PER_MINUTE).allowed()).isTrue();
    }

    @Test
    void oneKeysTraffic_neverLimitsAnother() {
        for (int i = 0; i < 11; i++) {
            at(T0).acquire("key_a", TEN_PER_MINUTE);
        }
        assertThat(at(T0).acquire("key_b", TEN_PER_MINUTE).allowed()).isTrue();
        assertThat(at(T0).acquire("key_b", TEN_PER_MINUTE).remaining()).isEqualTo(8);
    }

    @Test
    void limitsWithDifferentNames_countSeparately() {
        RateLimit perSecond = new RateLimit("calls-per-second", 1, Duration.ofSeconds(1));
        assertThat(at(T0).acquire("key_a", perSecond).allowed()).isTrue();
        assertThat(at(T0).acquire("key_a", perSecond).allowed()).isFalse();
        assertThat(at(T0).acquire("key_a", TEN_PER_MINUTE).allowed()).isTrue();
    }

    private static final RateLimit TWO_PER_SECOND = new RateLimit("calls-per-second", 2, Duration.ofSeconds(1));
    private static final RateLimit FIVE_CALLS_PER_MINUTE = new RateLimit("calls-per-minute", 5, Duration.ofMinutes(1));
    private static final List<RateLimit> ROUTE = List.of(TEN_PER_MINUTE, TWO_PER_SECOND, FIVE_CALLS_PER_MINUTE);

    @Test
    void aRequestsWindows_areOneItem_countedByOneConditionalUpdate() {
        RequestCounter counter = new RequestCounter();
        try (DynamoDbClient client = counter.client(STORE.endpoint())) {
            RateLimiter limiter = new RateLimiter(client, "RateLimitTable", Clock.fixed(T0, ZoneOffset.UTC));

            RateLimitDecision d = limiter.acquire("key_a", ROUTE, ROUTE);

            assertThat(counter.operations()).containsExactly("UpdateItemRequest");
            assertThat(d.allowed()).isTrue();
            assertThat(d.rateLimit()).isEqualTo(TWO_PER_SECOND);
            assertThat(d.remaining()).isEqualTo(1);
        }
        var items = STORE.client().scan(b -> b.tableName("RateLimitTable")).items();
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.get("pk").s()).isEqualTo("key_a#" + T0.getEpochSecond() / 60 * 60);
            assertThat(item.get("requests@0").n()).isEqualTo("1");
            assertThat(item.get("calls-per-second@0").n()).isEqualTo("1");
            assertThat(item.get("calls-per-minute@0").n()).isEqualTo("1");
            assertThat(Long.parseLong(item.get("expires_at").n())).isEqualTo(T0.getEpochSecond() / 60 * 60 + 120);
        });
    }

    @Test
    void aRefusedRequest_changesNoCounter_andNamesTheLimitThatRefusedIt() {
        at(T0).acquire("key_a", ROUTE, ROUTE);
        at(T0).acquire("key_a", ROUTE, ROUTE);

        RateLimitDecision refused = at(T0).acquire("key_a", ROUTE, ROUTE);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.rateLimit()).isEqualTo(TWO_PER_SECOND);
        assertThat(refused.headers()).containsEntry("X-RateLimit-Limit", "2")
                .containsEntry("X-RateLimit-Remaining", "0")
                .containsEntry("X-RateLimit-Reset", Long.toString(T0.getEpochSecond() + 1));
        // The request limit admitted it, but the refusal counted it nowhere.
        RateLimitDecision general = at(T0).acquire("key_a", List.of(TEN_PER_MINUTE), List.of(TEN_PER_MINUTE));
        assertThat(general.remaining()).isEqualTo(10 - 3);
    }

    @Test
    void limitsOnlyLookedAt_areReported_butNotCounted() {
        at(T0).acquire("key_a", ROUTE, ROUTE);

        RateLimitDecision requestOnly = at(T0).acquire("key_a", List.of(TEN_PER_MINUTE), ROUTE);

        // The per-second call limit has 1 left, uncounted by this request: it is still the tightest.
        assertThat(requestOnly.rateLimit()).isEqualTo(TWO_PER_SECOND);
        assertThat(requestOnly.remaining()).isEqualTo(1);
        assertThat(at(T0).acquire("key_a", ROUTE, ROUTE).remaining()).isZero();
    }

    @Test
    void theNextSecond_admitsCallsAgain_andThePerMinuteLimitKeepsCounting() {
        at(T0).acquire("key_a", ROUTE, ROUTE);
        at(T0).acquire("key_a", ROUTE, ROUTE);
        assertThat(at(T0).acquire("key_a", ROUTE, ROUTE).allowed()).isFalse();

        RateLimitDecision next = at(T0.plusSeconds(1)).acquire("key_a", ROUTE, ROUTE);

        assertThat(next.allowed()).isTrue();
        // The per-minute call limit kept counting across the seconds: 3 of 5 used.
        assertThat(at(T0.plusSeconds(2)).acquire("key_a", ROUTE, ROUTE).remaining()).isEqualTo(1);
    }

    @Test
    void aRequestThatReadTheClockInAFullWindow_isRefused_evenWhenItLandsAfterTheNextWindowsFirstRequest() {
        at(T0).acquire("key_a", ROUTE, ROUTE);
        at(T0).acquire("key_a", ROUTE, ROUTE);
        assertThat(at(T0.plusSeconds(1)).acquire("key_a", ROUTE, ROUTE).allowed()).isTrue();

        // Another instance read the clock in the first second, and its write lands only now.
        RateLimitDecision late = at(T0.plusMillis(700)).acquire("key_a", ROUTE, ROUTE);

        assertThat(late.allowed()).isFalse();
        assertThat(late.rateLimit()).isEqualTo(TWO_PER_SECOND);
    }

    @Test
    void countersOfWindowsLongOver_areDropped_soThatTheItemStaysSmall() {
        at(T0).acquire("key_a", ROUTE, ROUTE);
        at(T0.plusSeconds(1)).acquire("key_a", ROUTE, ROUTE);

        at(T0.plusSeconds(RateLimiter.STRAGGLER_WINDOWS)).acquire("key_a", ROUTE, ROUTE);

        assertThat(STORE.client().scan(b -> b.tableName("RateLimitTable")).items()).singleElement()
                .satisfies(item -> assertThat(item).doesNotContainKey("calls-per-second@0")
                        .containsKey("calls-per-second@1")
                        .containsKey("calls-per-second@" + RateLimiter.STRAGGLER_WINDOWS));
    }

    @Test
    void aRefusal_thatCarriesTheItem_isReadFromIt_withoutAnotherRequest() {
        RequestCounter counter = new RequestCounter();
        OldItemOnConditionFailure dynamoDbBehaviour = new OldItemOnConditionFailure(STORE.client());
        try (DynamoDbClient client = counter.client(STORE.endpoint(), dynamoDbBehaviour)) {
            RateLimiter limiter = new RateLimiter(client, "RateLimitTable", Clock.fixed(T0, ZoneOffset.UTC));
            limiter.acquire("key_a", ROUTE, ROUTE);
            limiter.acquire("key_a", ROUTE, ROUTE);
            counter.reset();

            RateLimitDecision refused = limiter.acquire("key_a", ROUTE, ROUTE);

            assertThat(refused.allowed()).isFalse();
            assertThat(refused.rateLimit()).isEqualTo(TWO_PER_SECOND);
            assertThat(counter.operations()).containsExactly("UpdateItemRequest");
            assertThat(dynamoDbBehaviour.itemsAdded()).isEqualTo(1);
        }
    }

    @Test
    void aRefusal_onAStoreThatLeavesTheItemOut_readsIt() {
        RequestCounter counter = new RequestCounter();
        try (DynamoDbClient client = counter.client(STORE.endpoint())) {
            RateLimiter limiter = new RateLimiter(client, "RateLimitTable", Clock.fixed(T0, ZoneOffset.UTC));
            for (int i = 0; i < 5; i++) {
                limiter.acquire("key_a", List.of(FIVE_CALLS_PER_MINUTE), List.of(FIVE_CALLS_PER_MINUTE));
            }
            counter.reset();

            RateLimitDecision refused = limiter.acquire("key_a", ROUTE, ROUTE);

            assertThat(refused.rateLimit()).isEqualTo(FIVE_CALLS_PER_MINUTE);
            assertThat(counter.operations()).containsExactly("UpdateItemRequest", "GetItemRequest");
        }
    }
}
