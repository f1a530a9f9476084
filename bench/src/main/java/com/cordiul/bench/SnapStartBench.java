package com.cordiul.bench;

import com.cordiul.sandbox.FunctionPackage;
import com.cordiul.sandbox.LambdaProcess;
import com.cordiul.sandbox.Invocation;
import com.cordiul.sandbox.RuntimeApi;
import com.cordiul.bench.scenario.Scenario;
import com.cordiul.bench.snapstart.ConnectionCutter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * SnapStart's lifecycle, emulated: {@code bench/snapstart [--runs N] [--quick] [--only a,b] [--variant NAME=JAR]
 * [--report FILE | --no-report]}. For each function, in fresh JVMs under the RIC, round by round: one JVM started
 * with {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start} (init, the {@code beforeCheckpoint} priming hooks, then
 * {@code restore/next}, held until the bench releases it with the first event queued), and one on-demand JVM of the
 * same function. It compares the restored first invocation (release of restore/next to the first answer) with the
 * on-demand first invocation (cold start minus init). What it cannot reproduce: the snapshot and restore of memory
 * (the JVM here never stops), the page faults of a restored VM, Lambda's CPU share.
 */
public final class SnapStartBench {

    private static final double MS = 1_000_000.0;
    /** Events numbered beyond any the seeding used, so that no Idempotency-Key of create-call repeats. */
    private static final int FIRST_EVENT = 1_000_000;

    private final BenchSetup setup;
    private final Map<String, String> platform;
    private final List<ConnectionCutter> cutters;
    private final Map<Scenario, Integer> sequence = new IdentityHashMap<>();

    private SnapStartBench(BenchSetup setup, Map<String, String> platform, List<ConnectionCutter> cutters) {
        this.setup = setup;
        this.platform = Map.copyOf(platform);
        this.cutters = List.copyOf(cutters);
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        String loadAtStart = Report.loadAverage();
        try (BenchSetup setup = BenchSetup.start("bench-work-snapstart");
                ConnectionCutter dynamo = ConnectionCutter.to(setup.dynalite.endpoint());
                ConnectionCutter chime = ConnectionCutter.to(java.net.URI.create(setup.chime.endpoint()));
                ConnectionCutter sqs = ConnectionCutter.to(setup.queues.endpoint())) {
            List<Target> selected = new ArrayList<>(setup.select(options.only, true));
            selected.addAll(variants(setup, options.variants));
            List<Target> seedFor = new ArrayList<>(selected);
            setup.all.stream().filter(t -> options.variants.stream().anyMatch(v -> v.getKey().equals(t.name())))
                    .forEach(seedFor::add);
            setup.seedFor(seedFor);
            SnapStartBench bench = new SnapStartBench(setup, Map.of("DYNAMODB_ENDPOINT", dynamo.endpoint(),
                    "CHIME_ENDPOINT", chime.endpoint(), "SQS_ENDPOINT", sqs.endpoint()), List.of(dynamo, chime, sqs));
            List<Row> rows = bench.measure(selected, options.runs);
            SnapStartReport report = new SnapStartReport(options.args, options.runs, loadAtStart, rows);
            System.out.println(report.table());
            if (options.report != null) {
                Path file = setup.root.resolve(options.report);
                report.writeInto(file);
                System.out.println("wrote " + file);
            }
        }
    }

    /** Rows measuring a function from another artifact (e.g. a scratch build), with the function's scenario. */
    private static List<Target> variants(BenchSetup setup, List<Map.Entry<String, Path>> variants) {
        List<Target> rows = new ArrayList<>();
        for (Map.Entry<String, Path> variant : variants) {
            String name = variant.getKey();
            Path jar = variant.getValue();
            Target original = setup.all.stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("No function " + name + " to vary"));
            FunctionPackage fn = original.fn();
            FunctionPackage varied = new FunctionPackage(fn.name(), fn.handler(), jar.toAbsolutePath(), fn.layers(),
                    fn.environment(), fn.memoryMb(), fn.timeoutSeconds());
            rows.add(new Target(name + " [" + jar.getFileName() + "]", Target.Kind.FUNCTION, varied,
                    original.scenario(), Main.skipReason(setup.root, varied), false));
        }
        return rows;
    }

    /** Round by round, each target once in each mode (the mode that goes first alternates between rounds). */
    private List<Row> measure(List<Target> selected, int runs) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Target t : selected) {
            rows.put(t.name(), new Row(t));
            t.skipReason().ifPresent(reason -> rows.get(t.name()).failure = "skipped: " + reason);
        }
        for (int round = 0; round < runs; round++) {
            System.out.println("round " + (round + 1) + "/" + runs);
            for (Target t : selected) {
                Row row = rows.get(t.name());
                if (row.failure != null) {
                    continue;
                }
                try {
                    if (round % 2 == 0) {
                        row.restored.add(snapStart(t, round));
                        row.onDemand.add(onDemand(t, round));
                    } else {
                        row.onDemand.add(onDemand(t, round));
                        row.restored.add(snapStart(t, round));
                    }
                } catch (Exception e) {
                    row.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                    System.out.println("  FAILED " + t.name() + ": " + row.failure);
                }
            }
        }
        return List.copyOf(rows.values());
    }

    /** One on-demand cold start: init is spawn to the first {@code next}; the first invocation is the rest. */
    private OnDemand onDemand(Target target, int round) throws TimeoutException {
        try (RuntimeApi api = RuntimeApi.start(target.fn().name(), timeout(target))) {
            int n = next(target);
            var pending = api.submit(target.scenario().firstEvent(n));
            try (LambdaProcess process = setup.sandbox.launch(target.fn(), api, platform, List.of(),
                    log(target, "on-demand-" + round))) {
                Invocation answer = process.await(pending, wait(target));
                target.scenario().answered(n, answer);
                long firstPoll = api.firstPollNanos().orElse(answer.deliveredNanos());
                return new OnDemand((firstPoll - process.startNanos()) / MS,
                        (answer.completedNanos() - firstPoll) / MS, target.scenario().outcome(answer));
            }
        }
    }

    /**
     * One emulated SnapStart: the JVM inits and primes, calls restore/next (the snapshot would be taken here);
     * every connection it opened is cut (none survives a restore), the first event is queued, restore/next is
     * released, and the restored first invocation runs to its answer.
     */
    private Restored snapStart(Target target, int round) throws TimeoutException {
        try (RuntimeApi api = RuntimeApi.start(target.fn().name(), timeout(target));
                LambdaProcess process = setup.sandbox.launchForSnapshot(target.fn(), api, platform, List.of(),
                        log(target, "snap-start-" + round))) {
            long requested = process.await(api.restoreRequested(), wait(target));
            long rssKb = process.peakRssKb();
            int cut = cutters.stream().mapToInt(ConnectionCutter::cutAll).sum();
            int n = next(target);
            var pending = api.submit(target.scenario().firstEvent(n));
            long cpuBefore = process.cpuNanos();
            long released = api.releaseRestore();
            Invocation answer = process.await(pending, wait(target));
            long cpu = process.cpuNanos() - cpuBefore;
            target.scenario().answered(n, answer);
            return new Restored((requested - process.startNanos()) / MS, (answer.completedNanos() - released) / MS,
                    cpu / MS, (answer.deliveredNanos() - released) / MS, rssKb, cut, target.scenario().outcome(answer));
        }
    }

    private int next(Target target) {
        return sequence.merge(target.scenario(), 1, Integer::sum) - 1 + FIRST_EVENT;
    }

    private static Duration timeout(Target target) {
        return Duration.ofSeconds(target.fn().timeoutSeconds());
    }

    /** Generous, as bench/run: the bench reports slowness, it does not enforce the function's timeout. */
    private static Duration wait(Target target) {
        return Duration.ofSeconds(Math.max(60, target.fn().timeoutSeconds() * 4L));
    }

    private Path log(Target target, String run) {
        try {
            Files.createDirectories(setup.logs);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return setup.logs.resolve(target.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + run + ".log");
    }

    /**
     * An on-demand cold start.
     *
     * @param initMs process spawn to the runtime's first {@code next}
     * @param firstMs first {@code next} to the first answer: the on-demand first invocation
     * @param outcome the answer's label
     */
    record OnDemand(double initMs, double firstMs, String outcome) {
    }

    /**
     * An emulated SnapStart.
     *
     * @param initPrimingMs process spawn to {@code restore/next}: init plus the beforeCheckpoint hooks
     * @param firstMs release of restore/next to the first answer: the restored first invocation
     * @param firstCpuMs CPU time of the JVM's threads over that span (a little more, until the answer is seen)
     * @param resumeMs release of restore/next to the runtime's first {@code next} (afterRestore hooks, the RIC)
     * @param rssKb VmHWM when restore/next was called, what the snapshot would have to hold at most
     * @param cut connections open at the snapshot (cut)
     * @param outcome the answer's label
     */
    record Restored(double initPrimingMs, double firstMs, double firstCpuMs, double resumeMs, long rssKb, int cut,
                    String outcome) {
    }

    /** One target's measurements. */
    static final class Row {
        final Target target;
        final List<OnDemand> onDemand = new ArrayList<>();
        final List<Restored> restored = new ArrayList<>();
        String failure;

        Row(Target target) {
            this.target = target;
        }
    }

    /** Command-line options. */
    static final class Options {
        int runs = 7;
        Set<String> only = Set.of();
        final List<Map.Entry<String, Path>> variants = new ArrayList<>();
        String report = "bench/README.md";
        final List<String> args = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            o.args.addAll(Arrays.asList(args));
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--runs" -> o.runs = Integer.parseInt(args[++i]);
                    case "--quick" -> o.runs = 3;
                    case "--only" -> o.only = Set.of(args[++i].split(","));
                    case "--variant" -> {
                        String[] spec = args[++i].split("=", 2);
                        if (spec.length != 2) {
                            throw new IllegalArgumentException("--variant NAME=JAR, e.g. get-call=/tmp/get-call.jar");
                        }
                        o.variants.add(Map.entry(spec[0], Path.of(spec[1])));
                    }
                    case "--report" -> o.report = args[++i];
                    case "--no-report" -> o.report = null;
                    default -> throw new IllegalArgumentException("Unknown option " + args[i] + " (use --runs N, "
                            + "--quick, --only a,b, --variant NAME=JAR, --report FILE, --no-report)");
                }
            }
            return o;
        }
    }

    /** The outcome labels of a list of answers, e.g. {@code 200×7}. */
    static String tally(List<String> outcomes) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        outcomes.forEach(o -> counts.merge(o, 1, Integer::sum));
        return String.join(", ", counts.entrySet().stream().map(e -> e.getKey() + "×" + e.getValue()).toList());
    }

    /** The median of some values, or empty when there are none. */
    static Optional<Double> median(List<Double> values) {
        return values.isEmpty() ? Optional.empty()
                : Optional.of(Results.median(values.stream().mapToDouble(Double::doubleValue).toArray()));
    }
}
