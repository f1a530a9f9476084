package com.cordiul.local.runner.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** When a FIFO queue's poller may long-poll: only on a queue it saw empty and received nothing from since. */
class FifoReceiveWaitTest {

    @Test
    void anEmptyQueue_isLongPolled_andAMessageReceived_turnsThePollerToReceivesWithoutWaiting() {
        FifoReceiveWait wait = new FifoReceiveWait(() -> true);
        assertThat(wait.nextWaitSeconds()).isEqualTo(FifoReceiveWait.EMPTY_QUEUE_WAIT_SECONDS);
        assertThat(wait.received(FifoReceiveWait.EMPTY_QUEUE_WAIT_SECONDS, true)).isZero();
        assertThat(wait.nextWaitSeconds()).isZero();
    }

    @Test
    void aQueueHoldingMessages_isReceivedWithoutWaiting_pausingAfterEachEmptyReceive_andCheckedEveryFewReceives() {
        AtomicInteger checks = new AtomicInteger();
        FifoReceiveWait wait = new FifoReceiveWait(() -> checks.incrementAndGet() > 2);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < FifoReceiveWait.CHECK_AFTER_EMPTY_RECEIVES; i++) {
                assertThat(wait.nextWaitSeconds()).isZero();
                assertThat(wait.received(0, false)).isEqualTo(FifoReceiveWait.PAUSE);
            }
        }
        assertThat(checks).hasValue(2);
        // The third check finds the queue empty: a long poll again.
        assertThat(wait.nextWaitSeconds()).isEqualTo(FifoReceiveWait.EMPTY_QUEUE_WAIT_SECONDS);
        assertThat(checks).hasValue(3);
    }

    @Test
    void aLongPollThatFoundNothing_asksTheQueueAgain_withoutPausing() {
        AtomicInteger checks = new AtomicInteger();
        FifoReceiveWait wait = new FifoReceiveWait(() -> checks.incrementAndGet() == 1);
        assertThat(wait.nextWaitSeconds()).isEqualTo(FifoReceiveWait.EMPTY_QUEUE_WAIT_SECONDS);
        assertThat(wait.received(FifoReceiveWait.EMPTY_QUEUE_WAIT_SECONDS, false)).isZero();
        // Messages arrived during the long poll (a burst in one group blocks all but its head): no waiting now.
        assertThat(wait.nextWaitSeconds()).isZero();
        assertThat(checks).hasValue(2);
    }

    /**
     * Whatever the queue answers and the receives give: a receive waits only when the latest check saw the queue
     * empty and no receive since gave a message, and the queue is asked again within a few empty receives.
     */
    @Property
    void aReceiveWaits_onlyOnAQueueLastSeenEmpty_sinceWhichNothingWasReceived(
            @ForAll("steps") List<boolean[]> steps) {
        boolean[] answer = new boolean[1];
        AtomicInteger checks = new AtomicInteger();
        FifoReceiveWait wait = new FifoReceiveWait(() -> {
            checks.incrementAndGet();
            return answer[0];
        });
        boolean lastSeenEmpty = false;
        boolean receivedSince = false;
        int emptyInARow = 0;
        for (boolean[] step : steps) {
            answer[0] = step[0];
            int checksBefore = checks.get();
            int seconds = wait.nextWaitSeconds();
            if (checks.get() > checksBefore) {
                lastSeenEmpty = step[0];
                receivedSince = false;
                emptyInARow = 0;
            }
            assertThat(seconds).isIn(0, FifoReceiveWait.EMPTY_QUEUE_WAIT_SECONDS);
            if (seconds > 0) {
                assertThat(lastSeenEmpty && !receivedSince).isTrue();
            }
            Duration pause = wait.received(seconds, step[1]);
            receivedSince |= step[1];
            emptyInARow = step[1] ? 0 : emptyInARow + 1;
            assertThat(emptyInARow).as("empty receives without asking the queue")
                    .isLessThanOrEqualTo(FifoReceiveWait.CHECK_AFTER_EMPTY_RECEIVES);
            assertThat(pause).isIn(Duration.ZERO, FifoReceiveWait.PAUSE);
            if (step[1] || seconds > 0) {
                assertThat(pause).isZero();
            }
        }
    }

    @Provide
    Arbitrary<List<boolean[]>> steps() {
        Arbitrary<boolean[]> step = Arbitraries.of(new boolean[] {false, false}, new boolean[] {false, true},
                new boolean[] {true, false}, new boolean[] {true, true});
        return step.list().ofMaxSize(60);
    }
}
