package com.cordiul.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnapshotPrimerTest {

    private static final class Counting extends SnapshotPrimer {
        private final AtomicInteger runs = new AtomicInteger();
        private final boolean fail;

        Counting(boolean fail) {
            super("test");
            this.fail = fail;
        }

        @Override
        protected void run() {
            runs.incrementAndGet();
            if (fail) {
                throw new IllegalStateException("store down");
            }
        }
    }

    @Test
    void theCheckpointHook_runsThePrimingOnce_andRestoreDoesNothing() {
        Counting primer = new Counting(false);

        primer.beforeCheckpoint(null);
        primer.afterRestore(null);

        assertThat(primer.runs).hasValue(1);
        assertThat(primer.prime()).isTrue();
    }

    @Test
    void aFailingPriming_isReported_butNeverFailsTheCheckpoint() {
        Counting primer = new Counting(true);

        assertThat(primer.prime()).isFalse();
        assertThatCode(() -> primer.beforeCheckpoint(null)).doesNotThrowAnyException();
        assertThat(primer.runs).hasValue(2);
    }
}
