package com.cordiul.bench;

import com.cordiul.sandbox.FunctionPackage;
import com.cordiul.bench.scenario.Events;
import com.cordiul.bench.scenario.Scenario;
import com.cordiul.bench.scenario.Scenarios;
import com.cordiul.bench.template.TemplateFunctions;
import com.cordiul.local.dynalite.TemplateTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The benchmark: {@code bench/run [--quick] [--only a,b] [--cold N] [--warm N] [--no-choices] [--report FILE]
 * [--trace none|unsampled|sampled]} (the trace header each invocation gets: see bench/README.md, X-Ray).
 * Builds nothing itself (bench/run builds first); measures the baselines, every project function the checkout
 * has, and the design choices; writes the results into bench/README.md.
 */
public final class Main {

    private static final String FLOOR_KEY = "bench-floor-item";
    private static final int SEED_INVOCATIONS = 40;
    private static final List<String> FUNCTION_ORDER = List.of("create-api-key", "authorizer", "list-api-keys",
            "revoke-api-key", "create-call", "get-call", "list-calls", "dialer", "call-status", "stale-call-sweeper");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        try (BenchSetup setup = BenchSetup.start("bench-work")) {
            List<Target> selected = setup.all.stream().filter(options::selects).toList();
            Bench bench = setup.bench(options.cold, options.warm, options.counted);
            seedPrerequisites(bench, setup.all, selected);
            List<Target> skipped = new ArrayList<>();
            List<Results> results = measureAll(bench, options, selected, skipped);
            Path readme = setup.root.resolve(options.report);
            new Report(setup.root, setup.sandbox, options, results, skipped).writeInto(readme);
            System.out.println("wrote " + readme);
        }
    }

    /** Creates the template's tables and the sdk-floor's item; returns the key attribute of ApiKeysTable. */
    static String createTables(DynamoDbClient client) {
        TemplateTables tables = TemplateTables.fromRepository();
        tables.createAll(client);
        String keyAttribute = tables.request("ApiKeysTable").keySchema().get(0).attributeName();
        client.putItem(b -> b.tableName("ApiKeysTable").item(Map.of(
                keyAttribute, AttributeValue.fromS(FLOOR_KEY),
                "owner", AttributeValue.fromS("bench_floor"), "id", AttributeValue.fromS("key_floor"))));
        return keyAttribute;
    }

    /** The baselines, the template's functions (in an order that serves prerequisites first), the choices. */
    static List<Target> targets(Path root, TemplateFunctions template, Path target, Scenarios scenarios,
            String keyAttribute) {
        Map<String, String> floorEnv = Map.of("BENCH_KEY_ATTRIBUTE", keyAttribute, "BENCH_KEY", FLOOR_KEY);

        List<Target> all = new ArrayList<>();
        all.add(baseline(template, target, "hello", "hello.HelloHandler", "fn-hello", null, Map.of(), false));
        all.add(baseline(template, target, "sdk-floor", "sdk.GetItemHandler", "fn-sdk", "layer-sdk-urlconnection",
                floorEnv, true));
        Map<String, FunctionPackage> functions = new java.util.LinkedHashMap<>();
        template.functions().forEach(fn -> functions.put(fn.name(), fn));
        List<String> order = new ArrayList<>(FUNCTION_ORDER);
        functions.keySet().stream().filter(n -> !order.contains(n)).forEach(order::add);
        for (String name : order) {
            FunctionPackage fn = functions.get(name);
            if ("dialer".equals(name) && fn != null) {
                // The bench times the dialer's own work, not Chime's pace (bench/dialing measures that): at the
                // template's 1 dial per second each invocation would sleep up to a second for its slot.
                Map<String, String> environment = new java.util.HashMap<>(fn.environment());
                environment.put("CHIME_CALLS_PER_SECOND", "1000");
                fn = new FunctionPackage(fn.name(), fn.handler(), fn.code(), fn.layers(), environment, fn.memoryMb(),
                        fn.timeoutSeconds());
            }
            if (fn != null) {
                Optional<Scenario> scenario = scenarios.forFunction(name);
                Optional<String> skip = skipReason(root, fn).or(() -> scenario.isEmpty()
                        ? Optional.of("the bench has no scenario for it yet") : Optional.empty());
                all.add(new Target(name, Target.Kind.FUNCTION, fn, scenario.orElse(Scenarios.baseline()), skip,
                        true));
            }
        }
        all.add(baseline(template, target, "sdk-crt", "sdk.CrtGetItemHandler", "fn-sdk", "layer-sdk-crt",
                floorEnv, false).asChoice());
        all.add(baseline(template, target, "sdk-default-chain", "sdk.DefaultChainGetItemHandler", "fn-sdk",
                "layer-sdk-urlconnection", floorEnv, false).asChoice());
        all.add(baseline(template, target, "sdk-region-chain", "sdk.RegionChainGetItemHandler", "fn-sdk",
                "layer-sdk-urlconnection", floorEnv, false).asChoice());
        all.add(baseline(template, target, "hello-stream", "hello.HelloStreamHandler", "fn-hello", null, Map.of(),
                false).asChoice());
        all.add(baseline(template, target, "sdk-floor-stream", "sdk.GetItemStreamHandler", "fn-sdk",
                "layer-sdk-urlconnection", floorEnv, false).asChoice());
        all.add(baseline(template, target, "jackson", "jackson.JacksonHandler", "fn-jackson", "layer-jackson",
                Map.of(), false).asChoice());
        all.add(baseline(template, target, "jackson-per-request", "jackson.JacksonPerRequestHandler", "fn-jackson",
                "layer-jackson", Map.of(), false).asChoice());

        return all;
    }

    /** Seeds what later targets read (keys, calls, dials) before any measurement, unmeasured. */
    static void seedPrerequisites(Bench bench, List<Target> all, List<Target> selected)
            throws java.util.concurrent.TimeoutException {
        // Seed what later targets read (keys, calls, dials) before any measurement, unmeasured, so that every
        // cold-start round finds data whatever its order.
        Set<String> seeded = new LinkedHashSet<>();
        for (Target t : selected) {
            Optional<String> needed = Scenarios.prerequisite(t.name());
            if (needed.isPresent() && seeded.add(needed.get())) {
                Optional<Target> seed = all.stream().filter(x -> x.name().equals(needed.get())
                        && x.skipReason().isEmpty()).findFirst();
                if (seed.isPresent()) {
                    System.out.println("seeding with " + needed.get());
                    // call-status walks a call through its events: a placed call for every few of its events, and
                    // one for each cold start (the last ones), so that each event meets a call that has not seen it.
                    int invocations = needed.get().equals("dialer") ? Math.max(SEED_INVOCATIONS,
                            bench.eventsPerTarget() / Events.CALL_STEPS.size() + bench.coldRuns() + 2)
                            : SEED_INVOCATIONS;
                    bench.seed(seed.get(), invocations);
                }
            }
        }
    }

    /** Cold starts interleaved round by round, then each target's warm run and round-trip count. */
    private static List<Results> measureAll(Bench bench, Options options, List<Target> selected,
            List<Target> skipped) {
        List<Target> measured = new ArrayList<>();
        for (Target t : selected) {
            if (t.skipReason().isPresent()) {
                System.out.println("SKIP " + t.name() + ": " + t.skipReason().get());
                skipped.add(t);
            } else {
                measured.add(t);
            }
        }
        Map<String, List<Results.Cold>> colds = new java.util.LinkedHashMap<>();
        Map<String, String> failures = new java.util.HashMap<>();
        for (int round = 0; round < options.cold; round++) {
            System.out.println("cold-start round " + (round + 1) + "/" + options.cold);
            for (Target t : measured) {
                if (failures.containsKey(t.name())) {
                    continue;
                }
                try {
                    colds.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(bench.coldStart(t, round));
                } catch (Exception e) {
                    failures.put(t.name(), e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
        List<Results> results = new ArrayList<>();
        for (Target t : measured) {
            System.out.println("warm run and round trips of " + t.name() + " ...");
            Results r = bench.finish(t, colds.getOrDefault(t.name(), List.of()), failures.get(t.name()));
            System.out.println(r.measured() ? String.format("  cold median %.0f ms, warm p50 %.2f ms",
                    r.coldMedian(), r.warmPercentile(50)) : "  FAILED: " + r.failure);
            results.add(r);
        }
        return results;
    }

    private static Target baseline(TemplateFunctions template, Path target, String name, String handlerClass,
                                   String jar, String layer, Map<String, String> env, boolean count) {
        FunctionPackage fn = template.withGlobals(name, "com.cordiul.bench.baseline." + handlerClass
                + "::handleRequest", target.resolve("bench-" + jar + ".jar"),
                layer == null ? List.of() : List.of(target.resolve("bench-" + layer + ".zip")), env);
        return new Target(name, Target.Kind.BASELINE, fn, Scenarios.baseline(), Optional.empty(), count);
    }

    /** Why a function cannot be measured in this checkout: its artifact or its handler class is missing. */
    static Optional<String> skipReason(Path root, FunctionPackage fn) {
        if (!Files.isRegularFile(fn.code())) {
            return Optional.of("artifact " + root.relativize(fn.code()) + " is not built");
        }
        try (ZipFile zip = new ZipFile(fn.code().toFile())) {
            if (zip.getEntry(fn.handlerClassEntry()) == null) {
                return Optional.of("handler class " + fn.handlerClassEntry() + " is not in "
                        + root.relativize(fn.code()) + " (the function has not landed on this branch yet)");
            }
        } catch (IOException e) {
            return Optional.of("artifact " + fn.code() + " is unreadable: " + e.getMessage());
        }
        for (Path layer : fn.layers()) {
            if (!Files.isRegularFile(layer)) {
                return Optional.of("layer " + root.relativize(layer) + " is not built");
            }
        }
        return Optional.empty();
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Command-line options. */
    static final class Options {
        int cold = 7;
        int warm = 1000;
        int counted = 5;
        boolean quick;
        boolean choices = true;
        Set<String> only = Set.of();
        String report = "bench/README.md";
        final String loadAtStart = Report.loadAverage();
        final List<String> args = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            o.args.addAll(Arrays.asList(args));
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> {
                        o.quick = true;
                        o.cold = 3;
                        o.warm = 200;
                        o.counted = 3;
                    }
                    case "--cold" -> o.cold = Integer.parseInt(args[++i]);
                    case "--warm" -> o.warm = Integer.parseInt(args[++i]);
                    case "--only" -> o.only = Set.of(args[++i].split(","));
                    case "--no-choices" -> o.choices = false;
                    case "--report" -> o.report = args[++i];
                    case "--trace" -> {
                        // Read by the Runtime API emulator when it loads: set before the first one starts.
                        String mode = args[++i];
                        if (!Set.of("none", "unsampled", "sampled").contains(mode)) {
                            throw new IllegalArgumentException("--trace takes none, unsampled or sampled");
                        }
                        System.setProperty("cordiul.sandbox.trace", mode);
                    }
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]
                            + " (use --quick, --only a,b, --cold N, --warm N, --no-choices, --report FILE, "
                            + "--trace none|unsampled|sampled)");
                }
            }
            return o;
        }

        boolean selects(Target t) {
            if (t.kind() == Target.Kind.BASELINE) {
                return true; // every row is reported as a ratio to both baselines: always measure them
            }
            if (!only.isEmpty()) {
                return only.contains(t.name());
            }
            return t.kind() == Target.Kind.FUNCTION || choices;
        }
    }
}
