package com.cordiul.bench;

import com.cordiul.sandbox.FunctionPackage;
import com.cordiul.sandbox.LambdaProcess;
import com.cordiul.sandbox.Invocation;
import com.cordiul.sandbox.RuntimeApi;
import com.cordiul.bench.snapstart.PreloadableClasses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generates each function's class list for {@code com.cordiul.priming.ClassPreloader}: {@code bench/preload-lists
 * [--only a,b] [--out DIR] [--with-runtime]}. Runs the function's first invocation once, on-demand, under the RIC with
 * {@code -Xlog:class+load}, and writes the classes it loaded from the layer jars and its task root, and the JDK
 * classes that did not come from the CDS archive, sorted, to
 * {@code functions/<name>/src/main/resources/META-INF/cordiul/preload-classes.txt} (or {@code DIR/<name>/...}).
 * {@code --with-runtime} also lists the classes of the runtime's own jars (the RIC, its event serialization): the
 * bench's RIC is not the managed runtime's, so on Lambda some of those names may be missing (skipped and counted).
 */
public final class PreloadLists {

    /** Where a function's list goes, relative to its module (ClassPreloader.LIST_RESOURCE, in src/main/resources). */
    static final String LIST_PATH = "src/main/resources/META-INF/cordiul/preload-classes.txt";
    private static final int FIRST_EVENT = 1_000_000;

    private PreloadLists() {
    }

    public static void main(String[] args) throws Exception {
        Set<String> only = Set.of();
        Path out = null;
        boolean withRuntime = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
                case "--with-runtime" -> withRuntime = true;
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + " (use --only a,b, --out DIR, --with-runtime)");
            }
        }
        try (BenchSetup setup = BenchSetup.start("bench-work-preload")) {
            List<Target> functions = setup.select(only, false);
            setup.seedFor(functions);
            Map<String, String> platform = Map.of("DYNAMODB_ENDPOINT", setup.dynalite.endpoint().toString(),
                    "CHIME_ENDPOINT", setup.chime.endpoint(), "SQS_ENDPOINT", setup.queues.endpoint().toString());
            for (Target t : functions) {
                if (t.skipReason().isPresent()) {
                    System.out.println("SKIP " + t.name() + ": " + t.skipReason().get());
                    continue;
                }
                Path module = t.fn().code().getParent().getParent();
                Path file = out == null ? module.resolve(LIST_PATH)
                        : out.resolve(t.name()).resolve("META-INF/cordiul/preload-classes.txt");
                List<String> classes = record(setup, t, platform, withRuntime);
                Files.createDirectories(file.getParent());
                Files.writeString(file, render(t.name(), classes), StandardCharsets.UTF_8);
                System.out.println(t.name() + ": " + classes.size() + " classes -> " + setup.root.relativize(file));
            }
        }
    }

    /** One first invocation with class loading logged; the classes worth preloading, sorted. */
    private static List<String> record(BenchSetup setup, Target target, Map<String, String> platform,
            boolean withRuntime) throws Exception {
        FunctionPackage fn = target.fn();
        Path classLog = setup.logs.resolve(target.name() + "-class-load.log");
        Files.createDirectories(setup.logs);
        Files.deleteIfExists(classLog);
        List<String> lines;
        try (RuntimeApi api = RuntimeApi.start(fn.name(), Duration.ofSeconds(fn.timeoutSeconds()))) {
            var pending = api.submit(target.scenario().firstEvent(FIRST_EVENT));
            try (LambdaProcess process = setup.sandbox.launch(fn, api, platform, List.of(),
                    List.of("-Xlog:class+load=info:file=" + classLog + ":none"),
                    setup.logs.resolve(target.name() + "-preload-run.log"))) {
                Invocation answer = process.await(pending,
                        Duration.ofSeconds(Math.max(60, fn.timeoutSeconds() * 4L)));
                String outcome = target.scenario().outcome(answer);
                if (outcome.startsWith("error") || outcome.startsWith("5")) {
                    throw new IllegalStateException(target.name() + "'s first invocation failed (" + outcome
                            + "): no list from an error path. Log: " + process.logTail());
                }
                // The runtime's next poll means it has finished the invocation and loaded what that takes.
                if (!api.awaitPolls(2, Duration.ofSeconds(30))) {
                    throw new IllegalStateException(target.name() + " never asked for a second event. Log: "
                            + process.logTail());
                }
                // Read before the JVM is stopped: its shutdown loads classes no invocation needs.
                lines = Files.readAllLines(classLog);
            }
        }
        List<Path> sources = new ArrayList<>();
        fn.layers().forEach(layer -> sources.addAll(setup.sandbox.layerJars(layer)));
        sources.add(setup.sandbox.taskRoot(fn.code()));
        if (withRuntime) {
            sources.addAll(setup.sandbox.runtimeJars());
        }
        return PreloadableClasses.of(lines, sources);
    }

    static String render(String function, List<String> classes) {
        StringBuilder out = new StringBuilder(String.format("""
                # Classes the first invocation of %1$s loads from the layer, from its own jar and from the JDK
                # outside its CDS archive: com.cordiul.priming.ClassPreloader loads and links them (never initialises
                # them) before the SnapStart snapshot. Generated, do not edit: after changing the function, the
                # layer or a dependency, regenerate with
                #   bench/preload-lists --only %1$s
                # %2$d classes.
                """, function, classes.size()));
        classes.forEach(c -> out.append(c).append('\n'));
        return out.toString();
    }
}
