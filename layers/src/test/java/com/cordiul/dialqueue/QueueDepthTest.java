package com.cordiul.dialqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.testing.MutableClock;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.Unreachable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class QueueDepthTest {

    private static final String TABLE = "DialControlTable";
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T09:00:00Z"));
    /** The calls that really wait, as the calls table would count them. */
    private final AtomicLong reallyWaiting = new AtomicLong();
    private final AtomicInteger recounts = new AtomicInteger();

    private QueueDepth depth(long limit) {
        return new QueueDepth(STORE.client(), TABLE, clock, limit, owner -> {
            recounts.incrementAndGet();
            return reallyWaiting.get();
        });
    }

    @Test
    void callsAreAdmittedUpToTheLimit_theNextIsQueueFull_andADialedCallMakesRoom() {
        QueueDepth depth = depth(3);
        for (int i = 0; i < 3; i++) {
            depth.admit("owner-a");
        }

        assertThatThrownBy(() -> depth.admit("owner-a")).isInstanceOfSatisfying(QueueFullException.class, e -> {
            assertThat(e.code()).isEqualTo("queue_full");
            assertThat(e.retryAfterSeconds()).isPositive();
        });
        depth.admit("owner-b");
        depth.release("owner-a");
        depth.admit("owner-a");
        assertThat(depth.depth("owner-a")).isEqualTo(3);
        assertThat(depth.depth("owner-b")).isEqualTo(1);
    }

    @Test
    void concurrentCreates_neverAdmitMoreThanTheLimit() throws Exception {
        QueueDepth depth = depth(10);
        reallyWaiting.set(10);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> admits = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                admits.add(pool.submit(() -> {
                    start.await();
                    try {
                        depth.admit("owner-a");
                        return true;
                    } catch (QueueFullException full) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> admit : admits) {
                admitted += admit.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
        assertThat(depth.depth("owner-a")).isEqualTo(10);
    }

    @Test
    void aCountLeakedByCrashedCreates_isRecountedLazily_onlyFromAMarkAMinuteOld() {
        QueueDepth depth = depth(5);
        // Five creates counted their calls and died before queuing them: nothing waits, but the count says 5.
        for (int i = 0; i < 5; i++) {
            depth.admit("owner-a");
        }
        assertThatThrownBy(() -> depth.admit("owner-a")).isInstanceOf(QueueFullException.class);
        assertThat(recounts).hasValue(0);

        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> depth.admit("owner-a")).isInstanceOf(QueueFullException.class);
        assertThat(recounts).hasValue(0);

        clock.advance(Duration.ofSeconds(31));
        depth.admit("owner-a");

        assertThat(recounts).hasValue(1);
        assertThat(depth.depth("owner-a")).isEqualTo(1);
    }

    @Test
    void theRecount_countsACreateThatHasCountedButNotRecordedItsCall() {
        QueueDepth depth = depth(2);
        depth.admit("owner-a");
        depth.admit("owner-a");
        assertThatThrownBy(() -> depth.admit("owner-a")).isInstanceOf(QueueFullException.class);
        clock.advance(Duration.ofSeconds(50));
        // A call is dialed (room for one), and a create counts the next call, which it has not recorded yet.
        depth.release("owner-a");
        depth.admit("owner-a");
        reallyWaiting.set(1);
        clock.advance(Duration.ofSeconds(11));

        assertThatThrownBy(() -> depth.admit("owner-a")).isInstanceOf(QueueFullException.class);

        assertThat(recounts).hasValue(1);
        // The one recorded waiting call, plus the one admitted since the mark: never below the truth.
        assertThat(depth.depth("owner-a")).isEqualTo(2);
    }

    @Test
    void aStaleMark_isTakenAgainInsteadOfUsed_andRecountsHappenAtMostOnceAMinute() {
        QueueDepth depth = depth(1);
        depth.admit("owner-a");
        assertThatThrownBy(() -> depth.admit("owner-a")).isInstanceOf(QueueFullException.class);
        clock.advance(Duration.ofMinutes(5));
        reallyWaiting.set(1);

        assertThatThrownBy(() -> depth.admit("owner-a")).isInstanceOf(QueueFullException.class);
        assertThat(recounts).hasValue(0);
        clock.advance(Duration.ofSeconds(61));
        assertThatThrownBy(() -> depth.admit("owner-a")).isInstanceOf(QueueFullException.class);
        assertThat(recounts).hasValue(1);
        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> depth.admit("owner-a")).isInstanceOf(QueueFullException.class);
        assertThat(recounts).hasValue(1);
    }

    @Test
    void theCount_neverGoesBelowZero() {
        QueueDepth depth = depth(3);
        depth.release("owner-a");
        depth.admit("owner-a");
        depth.release("owner-a");
        depth.release("owner-a");

        assertThat(depth.depth("owner-a")).isZero();
    }

    @Test
    void aStoreThatIsDown_admitsNothing_andAReleaseOnlyLogs() {
        try (DynamoDbClient down = Unreachable.dynamoDb()) {
            QueueDepth depth = new QueueDepth(down, TABLE, clock, 3, owner -> 0);
            assertThatThrownBy(() -> depth.admit("owner-a")).isInstanceOf(StoreUnavailableException.class);
            depth.release("owner-a");
        }
    }
}
