package com.cordiul.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

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
}
