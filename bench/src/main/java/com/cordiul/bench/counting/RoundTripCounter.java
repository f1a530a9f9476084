package com.cordiul.bench.counting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts SDK round trips: one line "service operation" per attempt sent on the wire (retries count), appended to
 * the file named by {@code BENCH_ROUND_TRIP_FILE}. The SDK finds it through the classpath resource
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}, which only the counting run's jar holds.
 */
public final class RoundTripCounter implements ExecutionInterceptor {

    private static final Path OUT = Path.of(System.getenv().getOrDefault("BENCH_ROUND_TRIP_FILE",
            System.getProperty("java.io.tmpdir") + "/cordiul-round-trips.log"));

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String line = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " "
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + "\n";
        synchronized (RoundTripCounter.class) {
            try {
                // Written before the request goes out, so the line exists before the function can answer.
                Files.writeString(OUT, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
