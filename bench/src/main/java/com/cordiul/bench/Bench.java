package com.cordiul.bench;

import com.cordiul.bench.analysis.ClassLoadLog;
import com.cordiul.bench.analysis.OwnTime;
import com.cordiul.sandbox.LambdaProcess;
import com.cordiul.sandbox.LambdaSandbox;
import com.cordiul.sandbox.Invocation;
import com.cordiul.sandbox.RuntimeApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Runs one JVM at a time (never two at once: this is a 2-core machine): each cold start in a fresh JVM, the warm
 * run in one JVM, the timing run (the handler's own time) in one more JVM with the timing interceptor on its
 * classpath, and the round-trip count (with a class-load log) in one more JVM with the counting interceptor.
 */
final class Bench {

    private static final double MS = 1_000_000.0;

    private final LambdaSandbox sandbox;
    private final Map<String, String> platform;
    private final Path countingJar;
    private final Path timingJar;
    private final Path logs;
    private final int coldRuns;
    private final int warmInvocations;
    private final int countedRequests;
    private final Map<String, Integer> sequence = new ConcurrentHashMap<>();
    private final Map<String, List<String>> commands = new ConcurrentHashMap<>();

    Bench(LambdaSandbox sandbox, Map<String, String> platform, Path countingJar, Path timingJar, Path logs,
            int coldRuns, int warmInvocations, int countedRequests) {
        this.sandbox = sandbox;
        this.platform = Map.copyOf(platform);
        this.countingJar = countingJar;
        this.timingJar = timingJar;
        this.logs = logs;
        this.coldRuns = coldRuns;
        this.warmInvocations = warmInvocations;
        this.countedRequests = countedRequests;
    }

    /** How many events one target is sent in all: its cold starts, two warm JVMs (timed, wire-timed), its count. */
    int eventsPerTarget() {
        return coldRuns + 2 * (warmInvocations + 1) + countedRequests + 1;
    }

    /** The cold starts of each target. */
    int coldRuns() {
        return coldRuns;
    }

    /** Runs a target's events through one JVM without measuring: the data later targets need. */
    void seed(Target target, int invocations) throws TimeoutException {
        try (RuntimeApi api = RuntimeApi.start(target.fn().name(), timeout(target));
                LambdaProcess process = sandbox.launch(target.fn(), api, platform, List.of(), log(target, "seed"))) {
            for (int i = 0; i < invocations; i++) {
                invoke(target, api, process);
            }
        }
    }

    /**
     * One cold start of a target in a fresh JVM. Callers interleave the cold starts of all targets round by round,
     * so that a slow drift of the machine (dynalite's growing tables, page cache, CPU frequency) spreads over every
     * row instead of favouring whichever target ran first.
     */
    Results.Cold coldStart(Target target, int run) throws TimeoutException {
        try (RuntimeApi api = RuntimeApi.start(target.fn().name(), timeout(target))) {
            int n = next(target);
            var pending = api.submit(target.scenario().firstEvent(n));
            try (LambdaProcess process = sandbox.launch(target.fn(), api, platform, List.of(),
                    log(target, "cold-" + run))) {
                commands.put(target.name(), process.command());
                Invocation answer = process.await(pending, coldWait(target));
                target.scenario().answered(n, answer);
                long firstPoll = api.firstPollNanos().orElse(answer.deliveredNanos());
                return new Results.Cold((answer.completedNanos() - process.startNanos()) / MS,
                        (firstPoll - process.startNanos()) / MS, process.peakRssKb(),
                        target.scenario().outcome(answer));
            }
        }
    }

    /**
     * The warm run, then (for the targets whose round trips are counted) the timing run and the counting run of a
     * target, after its cold starts; failures are recorded.
     */
    Results finish(Target target, List<Results.Cold> cold, String coldFailure) {
        List<String> command = commands.getOrDefault(target.name(), List.of());
        Results.Warm warm = Results.Warm.NONE;
        Results.Timing timing = Results.Timing.NONE;
        Results.Counted counted = Results.Counted.NONE;
        if (coldFailure != null) {
            return new Results(target, cold, warm, counted, timing, command, coldFailure);
        }
        try {
            warm = warmRun(target);
            if (target.countRoundTrips()) {
                timing = timingRun(target);
                counted = countingRun(target);
            }
            return new Results(target, cold, warm, counted, timing, command, null);
        } catch (TimeoutException | RuntimeException | IOException e) {
            return new Results(target, cold, warm, counted, timing, command,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Queue-to-answer times of the warm invocations in one JVM, after its first; nothing added to the JVM. */
    private Results.Warm warmRun(Target target) throws TimeoutException {
        Map<String, Integer> outcomes = new TreeMap<>();
        double[] warm = new double[warmInvocations];
        try (RuntimeApi api = RuntimeApi.start(target.fn().name(), timeout(target));
                LambdaProcess process = sandbox.launch(target.fn(), api, platform, List.of(), log(target, "warm"))) {
            invoke(target, api, process);
            for (int i = 0; i < warmInvocations; i++) {
                Invocation answer = invoke(target, api, process);
                warm[i] = answer.latencyNanos() / MS;
                outcomes.merge(target.scenario().outcome(answer), 1, Integer::sum);
            }
            return new Results.Warm(warm, process.peakRssKb(), outcomes);
        }
    }

    /**
     * As many invocations as the warm run, after one unmeasured first, in one more JVM with the timing interceptor
     * on its classpath; each split into the SDK attempts' time on the wire and the rest (the handler's own time).
     */
    private Results.Timing timingRun(Target target) throws TimeoutException, IOException {
        Path file = logs.resolve(target.name() + "-wire-times.log");
        Files.deleteIfExists(file);
        Map<String, String> env = new HashMap<>(platform);
        env.put("BENCH_WIRE_TIME_FILE", file.toString());
        List<Invocation> invocations = new ArrayList<>();
        try (RuntimeApi api = RuntimeApi.start(target.fn().name(), timeout(target));
                LambdaProcess process = sandbox.launch(target.fn(), api, env, List.of(timingJar),
                        log(target, "timing"))) {
            for (int i = 0; i <= warmInvocations; i++) {
                invocations.add(invoke(target, api, process));
            }
        }
        // The interceptor writes its file when the JVM shuts down (closing the process waits for that).
        if (!Files.exists(file)) {
            System.out.println("  no wire times from " + target.name() + " (its JVM wrote no " + file + ")");
            return Results.Timing.NONE;
        }
        OwnTime.Attribution attribution = OwnTime.attribute(invocations, OwnTime.Attempt.read(file));
        List<OwnTime.Split> measured = attribution.splits().subList(1, attribution.splits().size());
        return Results.Timing.of(measured, attribution.unattributed());
    }

    /**
     * The first invocation and a few requests in one more JVM with the counting interceptor on its classpath and a
     * class-load log: SDK round trips per request, and the classes loaded from each jar.
     */
    private Results.Counted countingRun(Target target) throws TimeoutException, IOException {
        Path file = logs.resolve(target.name() + "-round-trips.log");
        Path classLog = logs.resolve(target.name() + "-class-load.log");
        Files.deleteIfExists(file);
        Files.deleteIfExists(classLog);
        Map<String, String> env = new HashMap<>(platform);
        env.put("BENCH_ROUND_TRIP_FILE", file.toString());
        Map<String, Integer> first = Map.of();
        List<Map<String, Integer>> perRequest = new ArrayList<>();
        Map<Path, Set<String>> classesAtFirstAnswer = Map.of();
        try (RuntimeApi api = RuntimeApi.start(target.fn().name(), timeout(target));
                LambdaProcess process = sandbox.launch(target.fn(), api, env, List.of(countingJar),
                        List.of("-Xlog:class+load=info:file=\"" + classLog + "\""), log(target, "count"))) {
            int seen = 0;
            for (int i = 0; i <= countedRequests; i++) {
                invoke(target, api, process);
                List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
                Map<String, Integer> counts = new TreeMap<>();
                lines.subList(seen, lines.size()).forEach(l -> counts.merge(l, 1, Integer::sum));
                seen = lines.size();
                if (i == 0) {
                    first = counts;
                    // The JVM's log is flushed line by line: this is every class loaded up to the first answer.
                    classesAtFirstAnswer = ClassLoadLog.byJar(Files.readAllLines(classLog));
                } else {
                    perRequest.add(counts);
                }
            }
        }
        return new Results.Counted(first, perRequest, classesAtFirstAnswer,
                ClassLoadLog.byJar(Files.readAllLines(classLog)));
    }

    private Invocation invoke(Target target, RuntimeApi api, LambdaProcess process) throws TimeoutException {
        int n = next(target);
        Invocation answer = process.await(api.submit(target.scenario().event(n)), coldWait(target));
        target.scenario().answered(n, answer);
        return answer;
    }

    private int next(Target target) {
        return sequence.merge(target.name(), 1, Integer::sum) - 1;
    }

    private static Duration timeout(Target target) {
        return Duration.ofSeconds(target.fn().timeoutSeconds());
    }

    /** Generous: the bench reports slowness, it does not enforce the function's timeout. */
    private static Duration coldWait(Target target) {
        return Duration.ofSeconds(Math.max(60, target.fn().timeoutSeconds() * 4L));
    }

    private Path log(Target target, String run) {
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return logs.resolve(target.name() + "-" + run + ".log");
    }
}
