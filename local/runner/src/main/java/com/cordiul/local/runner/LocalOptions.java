package com.cordiul.local.runner;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to start a {@link LocalStack}. Start from {@link #defaults(Path)} and change what differs.
 *
 * @param template           the SAM template to serve
 * @param port               the API's port on 127.0.0.1 (0 for a free one)
 * @param dynamoDataDir      where dynalite keeps its data, or null to keep it in memory
 * @param dynamoPort         dynalite's port (0 for a free one)
 * @param dynamoEndpoint     an already running DynamoDB-compatible endpoint to use instead of starting dynalite
 * @param chimeEndpoint      the Chime SDK Voice endpoint the functions get as {@code CHIME_ENDPOINT} (the voice
 *                           simulator), or null
 * @param parameterOverrides template parameters, as {@code sam deploy --parameter-overrides} gives them
 * @param workDir            where layer zips are extracted, or null for the temp folder
 * @param threads            how many requests are served at once
 * @param initTimeout        how long a function instance may take to build its handler
 * @param sandbox            where function instances run: in the runner's JVM, or a JVM each under the RIC
 * @param concurrency        the concurrency limit of a function whose template sets no
 *                           {@code ReservedConcurrentExecutions}
 * @param runnerLog          where failed invocations are appended (besides stderr), or null
 * @param stateDir           where what outlives a restart besides dynalite's data is kept (the custom resources'
 *                           CloudFormation state, the voice simulator's SIP media applications), or null to keep it
 *                           in memory (every start is then a new stack)
 * @param events             the queues (ElasticMQ), their event source mappings and the schedules
 */
public record LocalOptions(Path template, int port, Path dynamoDataDir, int dynamoPort, URI dynamoEndpoint,
                           URI chimeEndpoint, Map<String, String> parameterOverrides, Path workDir, int threads,
                           Duration initTimeout, FunctionSandbox.Kind sandbox, int concurrency, Path runnerLog,
                           Path stateDir, EventOptions events) {

    /** A function's concurrency limit when the template sets none: what a small machine runs comfortably. */
    public static final int DEFAULT_CONCURRENCY = 16;

    public LocalOptions {
        parameterOverrides = Map.copyOf(parameterOverrides);
        java.util.Objects.requireNonNull(events, "events");
        if (concurrency < 1) {
            throw new IllegalArgumentException("A concurrency limit is at least 1, not " + concurrency);
        }
    }

    /**
     * The options of the earlier releases: in-process functions, the default concurrency, no log file, no state,
     * queues in memory, schedules at the template's pace.
     */
    public LocalOptions(Path template, int port, Path dynamoDataDir, int dynamoPort, URI dynamoEndpoint,
                        URI chimeEndpoint, Map<String, String> parameterOverrides, Path workDir, int threads,
                        Duration initTimeout) {
        this(template, port, dynamoDataDir, dynamoPort, dynamoEndpoint, chimeEndpoint, parameterOverrides, workDir,
                threads, initTimeout, FunctionSandbox.Kind.IN_PROCESS, DEFAULT_CONCURRENCY, null, null,
                EventOptions.defaults());
    }

    /** The template, a free port, in-memory dynalite, no Chime endpoint, Lambda's 10 s init limit, in-process. */
    public static LocalOptions defaults(Path template) {
        return new LocalOptions(template, 0, null, 0, null, null, Map.of(), null, 16, Duration.ofSeconds(10));
    }

    /** With the API on that port. */
    public LocalOptions withPort(int value) {
        return new LocalOptions(template, value, dynamoDataDir, dynamoPort, dynamoEndpoint, chimeEndpoint,
                parameterOverrides, workDir, threads, initTimeout, sandbox, concurrency, runnerLog, stateDir, events);
    }

    /** With dynalite keeping its data in that folder. */
    public LocalOptions withDynamoDataDir(Path value) {
        return new LocalOptions(template, port, value, dynamoPort, dynamoEndpoint, chimeEndpoint,
                parameterOverrides, workDir, threads, initTimeout, sandbox, concurrency, runnerLog, stateDir, events);
    }

    /** With dynalite on that port. */
    public LocalOptions withDynamoPort(int value) {
        return new LocalOptions(template, port, dynamoDataDir, value, dynamoEndpoint, chimeEndpoint,
                parameterOverrides, workDir, threads, initTimeout, sandbox, concurrency, runnerLog, stateDir, events);
    }

    /** With an existing DynamoDB endpoint instead of a dynalite of its own. */
    public LocalOptions withDynamoEndpoint(URI value) {
        return new LocalOptions(template, port, dynamoDataDir, dynamoPort, value, chimeEndpoint,
                parameterOverrides, workDir, threads, initTimeout, sandbox, concurrency, runnerLog, stateDir, events);
    }

    /** With {@code CHIME_ENDPOINT} pointing there. */
    public LocalOptions withChimeEndpoint(URI value) {
        return new LocalOptions(template, port, dynamoDataDir, dynamoPort, dynamoEndpoint, value,
                parameterOverrides, workDir, threads, initTimeout, sandbox, concurrency, runnerLog, stateDir, events);
    }

    /** With one more parameter override. */
    public LocalOptions withParameter(String name, String value) {
        Map<String, String> overrides = new LinkedHashMap<>(parameterOverrides);
        overrides.put(name, value);
        return new LocalOptions(template, port, dynamoDataDir, dynamoPort, dynamoEndpoint, chimeEndpoint,
                overrides, workDir, threads, initTimeout, sandbox, concurrency, runnerLog, stateDir, events);
    }

    /** With layers extracted under that folder. */
    public LocalOptions withWorkDir(Path value) {
        return new LocalOptions(template, port, dynamoDataDir, dynamoPort, dynamoEndpoint, chimeEndpoint,
                parameterOverrides, value, threads, initTimeout, sandbox, concurrency, runnerLog, stateDir, events);
    }

    /** With function instances in that kind of sandbox. */
    public LocalOptions withSandbox(FunctionSandbox.Kind value) {
        return new LocalOptions(template, port, dynamoDataDir, dynamoPort, dynamoEndpoint, chimeEndpoint,
                parameterOverrides, workDir, threads, initTimeout, value, concurrency, runnerLog, stateDir, events);
    }

    /** With that concurrency limit for functions that reserve none. */
    public LocalOptions withConcurrency(int value) {
        return new LocalOptions(template, port, dynamoDataDir, dynamoPort, dynamoEndpoint, chimeEndpoint,
                parameterOverrides, workDir, threads, initTimeout, sandbox, value, runnerLog, stateDir, events);
    }

    /** With failed invocations appended to that file too. */
    public LocalOptions withRunnerLog(Path value) {
        return new LocalOptions(template, port, dynamoDataDir, dynamoPort, dynamoEndpoint, chimeEndpoint,
                parameterOverrides, workDir, threads, initTimeout, sandbox, concurrency, value, stateDir, events);
    }

    /** With what outlives a restart (custom resources' state, the simulator's applications) kept in that folder. */
    public LocalOptions withStateDir(Path value) {
        return new LocalOptions(template, port, dynamoDataDir, dynamoPort, dynamoEndpoint, chimeEndpoint,
                parameterOverrides, workDir, threads, initTimeout, sandbox, concurrency, runnerLog, value, events);
    }

    /** With that init limit per function instance. */
    public LocalOptions withInitTimeout(Duration value) {
        return new LocalOptions(template, port, dynamoDataDir, dynamoPort, dynamoEndpoint, chimeEndpoint,
                parameterOverrides, workDir, threads, value, sandbox, concurrency, runnerLog, stateDir, events);
    }

    /** With these queue and schedule options. */
    public LocalOptions withEvents(EventOptions value) {
        return new LocalOptions(template, port, dynamoDataDir, dynamoPort, dynamoEndpoint, chimeEndpoint,
                parameterOverrides, workDir, threads, initTimeout, sandbox, concurrency, runnerLog, stateDir, value);
    }

    /** With ElasticMQ keeping its queues and messages in that folder (null: in memory). */
    public LocalOptions withQueueDataDir(Path value) {
        return withEvents(events.withQueueDataDir(value));
    }

    /** With the schedules on or off. */
    public LocalOptions withSchedules(boolean value) {
        return withEvents(events.withSchedules(value));
    }

    /** With the schedules that many times faster than the template says. */
    public LocalOptions withScheduleScale(double value) {
        return withEvents(events.withScheduleScale(value));
    }
}
