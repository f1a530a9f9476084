package com.cordiul.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Lays functions out as Lambda does and starts them: the artifact unpacked into a task root (the JVM's working
 * directory, which the RIC's class loader reads, like /var/task), the layers unpacked (their java/lib jars are what
 * /opt/java/lib holds), the runtime's own jars first on the classpath, and a fresh JVM per start.
 *
 * <p>One difference from Lambda, on purpose: the RIC looks for layers in the fixed path /opt/java/lib, which a
 * benchmark must not write to, so the layer jars are put on the JVM's classpath after the runtime jars instead. Both
 * are plain jar class paths read at class-load time; the function's own classes still load from the task root.
 */
public final class LambdaSandbox {

    private final Path workDir;
    private final List<Path> runtimeJars;
    private final Path jniLibrary;
    private final Path java;
    private final Map<Path, Path> unpacked = new ConcurrentHashMap<>();

    private LambdaSandbox(Path workDir, List<Path> runtimeJars, Path jniLibrary) {
        this.workDir = workDir;
        this.runtimeJars = List.copyOf(runtimeJars);
        this.jniLibrary = jniLibrary;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** A sandbox under {@code workDir} whose runtime is the given RIC jars (Lambda's /var/runtime/lib). */
    public static LambdaSandbox create(Path workDir, List<Path> runtimeJars) {
        try {
            Files.createDirectories(workDir);
            Path ric = runtimeJars.stream()
                    .filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("No RIC jar among " + runtimeJars));
            Path jni = workDir.resolve("libaws-lambda-jni.so");
            try (ZipFile zip = new ZipFile(ric.toFile())) {
                ZipEntry entry = zip.getEntry("jni/libaws-lambda-jni." + nativePlatform() + ".so");
                if (entry == null) {
                    throw new IllegalStateException("The RIC has no JNI library for " + nativePlatform());
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, jni, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new LambdaSandbox(workDir, runtimeJars, jni);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jars of a directory, in the lexical order the RIC's class loader uses. */
    public static List<Path> jarsIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The task root of a function: its artifact unpacked (once). */
    public Path taskRoot(Path code) {
        return unpacked.computeIfAbsent(code, c -> unzip(c, workDir.resolve("task").resolve(stem(c))));
    }

    /** The jars a layer zip puts in java/lib, unpacked (once). */
    public List<Path> layerJars(Path layerZip) {
        Path dir = unpacked.computeIfAbsent(layerZip, z -> unzip(z, workDir.resolve("opt").resolve(stem(z))));
        Path lib = dir.resolve("java/lib");
        return Files.isDirectory(lib) ? jarsIn(lib) : List.of();
    }

    /** Bytes of the layer once unpacked. */
    public long unpackedBytes(Path layerZip) {
        return layerJars(layerZip).stream().mapToLong(LambdaSandbox::size).sum();
    }

    /** The runtime's own jars (Lambda's /var/runtime/lib), first on every function's classpath. */
    public List<Path> runtimeJars() {
        return runtimeJars;
    }

    /**
     * Starts the function in a fresh JVM against that Runtime API.
     *
     * @param platform what the platform adds to the environment (endpoints of local stand-ins, counting file)
     * @param extraClasspath jars appended after the layers (the counting interceptor, in the counting run only)
     * @param log where the JVM's stdout and stderr go
     */
    public LambdaProcess launch(FunctionPackage fn, RuntimeApi api, Map<String, String> platform,
                                List<Path> extraClasspath, Path log) {
        return launch(fn, api, platform, extraClasspath, List.of(), log);
    }

    /**
     * Starts the function as Lambda does when it publishes a version with SnapStart
     * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, a numbered version): the runtime inits, runs its
     * {@code beforeCheckpoint} hooks and blocks on {@code restore/next} until {@link RuntimeApi#releaseRestore}.
     *
     * @param jvmOptions options added before the classpath (e.g. {@code -Xlog:class+load}), usually none
     */
    public LambdaProcess launchForSnapshot(FunctionPackage fn, RuntimeApi api, Map<String, String> platform,
                                           List<String> jvmOptions, Path log) {
        Map<String, String> snapStart = new LinkedHashMap<>(platform);
        // The platform's variables are applied after the reserved ones: these override them.
        snapStart.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        snapStart.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        return launch(fn, api, snapStart, List.of(), jvmOptions, log);
    }

    /**
     * Starts the function in a fresh JVM against that Runtime API, with JVM options added for an instrumented run
     * (e.g. a class-load log), after Lambda's and before the classpath.
     */
    public LambdaProcess launch(FunctionPackage fn, RuntimeApi api, Map<String, String> platform,
                                List<Path> extraClasspath, List<String> extraJvmOptions, Path log) {
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(fn, api, platform, extraClasspath, extraJvmOptions, ProcessBuilder.Redirect.appendTo(log.toFile()),
                log);
    }

    /**
     * Starts the function in a fresh JVM whose output (the function's log lines, the runtime's) goes where
     * {@code output} says, e.g. {@link ProcessBuilder.Redirect#INHERIT}; with {@code snapStart}, as
     * {@link #launchForSnapshot} does.
     */
    public LambdaProcess launch(FunctionPackage fn, RuntimeApi api, Map<String, String> platform, boolean snapStart,
                                ProcessBuilder.Redirect output) {
        Map<String, String> env = new LinkedHashMap<>(platform);
        if (snapStart) {
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        }
        return start(fn, api, env, List.of(), List.of(), output, null);
    }

    private LambdaProcess start(FunctionPackage fn, RuntimeApi api, Map<String, String> platform,
                                List<Path> extraClasspath, List<String> extraJvmOptions, ProcessBuilder.Redirect output,
                                Path log) {
        List<String> classpath = new ArrayList<>();
        runtimeJars.forEach(p -> classpath.add(p.toString()));
        fn.layers().forEach(layer -> layerJars(layer).forEach(p -> classpath.add(p.toString())));
        extraClasspath.forEach(p -> classpath.add(p.toString()));

        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(JvmFlags.forFunction(fn.memoryMb(), jniLibrary));
        command.addAll(JvmFlags.profiling(System.getenv("BENCH_JVM_OPTIONS"), fn.name()));
        command.addAll(extraJvmOptions);
        command.add("-classpath");
        command.add(String.join(":", classpath));
        command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
        command.add(fn.handler());

        Path taskRoot = taskRoot(fn.code());
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile())
                .redirectErrorStream(true).redirectOutput(output);
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment(fn, api, taskRoot));
        env.putAll(platform);
        try {
            long start = System.nanoTime();
            return new LambdaProcess(builder.start(), start, command, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + fn.name(), e);
        }
    }

    /** The environment Lambda gives the runtime: the function's variables, then the reserved ones. */
    static Map<String, String> environment(FunctionPackage fn, RuntimeApi api, Path taskRoot) {
        Map<String, String> env = new LinkedHashMap<>(fn.environment());
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("_HANDLER", fn.handler());
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", fn.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(fn.memoryMb()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + fn.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "bench");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "ASIABENCHLOCAL000000");
        env.put("AWS_SECRET_ACCESS_KEY", "bench-local-secret");
        env.put("AWS_SESSION_TOKEN", "bench-local-session");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", "/var/runtime");
        return env;
    }

    private static String nativePlatform() {
        String arch = System.getProperty("os.arch");
        return "aarch64".equals(arch) ? "linux-aarch_64" : "linux-x86_64";
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot < 0 ? name : name.substring(0, dot)) + "-" + Integer.toHexString(file.toAbsolutePath().hashCode());
    }

    private static Path unzip(Path zipFile, Path target) {
        try {
            if (Files.isDirectory(target)) {
                try (Stream<Path> old = Files.walk(target)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(target);
            try (ZipFile zip = new ZipFile(zipFile.toFile())) {
                for (ZipEntry entry : Collections.list(zip.entries())) {
                    Path out = target.resolve(entry.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException("Entry outside the target: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        try (InputStream in = zip.getInputStream(entry)) {
                            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack " + zipFile, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
