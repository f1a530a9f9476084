package com.cordiul.bench.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Times SDK attempts on the wire: for each attempt, the wall clock (nanoseconds since the epoch, {@link Instant#now()},
 * the clock the bench's Runtime API reads too) at the end of {@code beforeTransmission} and at the start of
 * {@code afterTransmission}, i.e. from just before the request is written to the response's headers having arrived.
 * An attempt that gets no response (an I/O failure) ends at the next attempt's {@code beforeTransmission} or at
 * {@code onExecutionFailure}. The readings are kept in memory and written, one line per attempt
 * ({@code start end ok|failed service operation}), to the file named by {@code BENCH_WIRE_TIME_FILE} when the JVM
 * shuts down, so that no file I/O runs inside a measured invocation. The SDK finds this interceptor through the
 * classpath resource {@code software/amazon/awssdk/global/handlers/execution.interceptors}, which only the timing
 * run's jar holds.
 */
public final class WireTimer implements ExecutionInterceptor {

    private static final Path OUT = Path.of(System.getenv().getOrDefault("BENCH_WIRE_TIME_FILE",
            System.getProperty("java.io.tmpdir") + "/cordiul-wire-times.log"));
    private static final ExecutionAttribute<long[]> STARTED = new ExecutionAttribute<>("CordiulBenchWireStart");
    private static final List<Attempt> ATTEMPTS = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(WireTimer::write, "bench-wire-timer"));
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        long[] started = attributes.getAttribute(STARTED);
        if (started == null) {
            started = new long[1];
            attributes.putAttribute(STARTED, started);
        } else if (started[0] != 0) {
            record(started[0], epochNanos(), false, attributes); // the previous attempt got no response
        }
        started[0] = epochNanos();
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        long end = epochNanos();
        long[] started = attributes.getAttribute(STARTED);
        if (started != null && started[0] != 0) {
            record(started[0], end, true, attributes);
            started[0] = 0;
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        long end = epochNanos();
        long[] started = attributes.getAttribute(STARTED);
        if (started != null && started[0] != 0) {
            record(started[0], end, false, attributes);
            started[0] = 0;
        }
    }

    private static void record(long start, long end, boolean answered, ExecutionAttributes attributes) {
        Attempt attempt = new Attempt(start, end, answered,
                attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        synchronized (ATTEMPTS) {
            ATTEMPTS.add(attempt);
        }
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static void write() {
        StringBuilder out = new StringBuilder();
        synchronized (ATTEMPTS) {
            for (Attempt a : ATTEMPTS) {
                out.append(a.start).append(' ').append(a.end).append(' ').append(a.answered ? "ok" : "failed")
                        .append(' ').append(a.service).append(' ').append(a.operation).append('\n');
            }
        }
        try {
            Files.writeString(OUT, out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("WireTimer: could not write " + OUT + ": " + e);
        }
    }

    private record Attempt(long start, long end, boolean answered, String service, String operation) {
    }
}
