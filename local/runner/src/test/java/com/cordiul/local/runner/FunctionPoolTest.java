package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.stack.LambdaFunction;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A burst on cold functions: the machine's cores, not the burst, decide how many inits run at once. */
class FunctionPoolTest {

    @TempDir
    Path dir;

    @Test
    void aBurstOnAColdFunction_startsAtMostOneInitPerCoreAtOnce_andServesEveryInvocation() throws Exception {
        CountingSandbox sandbox = new CountingSandbox();
        int burst = FunctionPool.INITS_AT_ONCE * 4;
        ExecutorService callers = Executors.newFixedThreadPool(burst);
        try (FunctionPool pool = new FunctionPool(function(), sandbox, Map.of(), burst,
                new InvocationLog(dir.resolve("runner.log")))) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<byte[]>> answers = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                answers.add(callers.submit(() -> {
                    go.await();
                    return pool.invoke("{}".getBytes(StandardCharsets.UTF_8), "request");
                }));
            }
            go.countDown();
            for (Future<byte[]> answer : answers) {
                assertThat(new String(answer.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("ok");
            }
            assertThat(sandbox.mostAtOnce.get()).as("inits at once").isPositive()
                    .isLessThanOrEqualTo(FunctionPool.INITS_AT_ONCE);
            assertThat(pool.instancesStarted()).as("instances, as invocations found none idle")
                    .isBetween(1, burst);
        } finally {
            callers.shutdownNow();
        }
    }

    private static LambdaFunction function() {
        return new LambdaFunction("ColdFunction", "cold", "cold.Handler", "java17", Path.of("cold.jar"), List.of(),
                List.of(), Map.of(), 512, Duration.ofSeconds(10), OptionalInt.empty(), Optional.empty(), false,
                List.of("x86_64"), List.of(), JsonNodeFactory.instance.objectNode());
    }

    /** Instances whose init takes a moment (as a cold start does), counting how many inits overlap. */
    private static final class CountingSandbox implements FunctionSandbox {
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger mostAtOnce = new AtomicInteger();

        @Override
        public Instance start(LambdaFunction function, Map<String, String> environment, int number) {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                // The init's work: long enough for the whole burst to arrive while it runs.
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            return new Instance() {
                @Override
                public byte[] invoke(byte[] event, String requestId) {
                    return "ok".getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public boolean alive() {
                    return true;
                }

                @Override
                public void close() {
                    // Nothing to retire.
                }
            };
        }

        @Override
        public void close() {
            // Nothing started outside the instances.
        }
    }
}
