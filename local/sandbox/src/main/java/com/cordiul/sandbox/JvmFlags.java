package com.cordiul.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of Lambda's Java runtime, as its bootstrap passes them (see bench/README.md for the sources: they
 * were captured from the java17 runtime; the template now deploys on java21, whose bootstrap was not captured here).
 * Tiered compilation stopping at C1 is both the runtime's default and the template's JAVA_TOOL_OPTIONS, which the
 * launched JVM also reads from its environment, as on Lambda.
 */
public final class JvmFlags {

    private JvmFlags() {
    }

    /** Lambda sizes the heap at 85% of the function's memory. */
    public static long maxHeapKb(int memoryMb) {
        return memoryMb * 1024L * 85 / 100;
    }

    /** The options before the classpath, for a function of that memory size and the RIC's JNI library. */
    public static List<String> forFunction(int memoryMb, Path jniLibrary) {
        List<String> flags = new ArrayList<>();
        flags.add("-XX:MaxHeapSize=" + maxHeapKb(memoryMb) + "k");
        flags.add("-XX:+UseSerialGC");
        // Lambda maps its own CDS archive with -Xshare:on; here the JDK's default archive, used when it fits.
        flags.add("-Xshare:auto");
        flags.add("-XX:+TieredCompilation");
        flags.add("-XX:TieredStopAtLevel=1");
        flags.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        flags.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        flags.add("-Djava.net.preferIPv4Stack=true");
        flags.add("-XX:+ErrorFileToStderr");
        // Lambda loads the RIC's native client from /var/runtime/lib/jni; unpacked once here, so that concurrent
        // JVMs never race on the RIC's default /tmp/.libaws-lambda-jni.so.
        flags.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + jniLibrary);
        return flags;
    }

    /**
     * Extra options for a profiling run only ({@code BENCH_JVM_OPTIONS}, split on spaces, {@code {name}} replaced by
     * the function's name), e.g. {@code -Xlog:class+load:file=/tmp/classes-{name}.log}. Empty when unset. Figures of
     * such a run are not comparable with the README's.
     */
    public static List<String> profiling(String options, String functionName) {
        List<String> flags = new ArrayList<>();
        if (options != null) {
            for (String option : options.trim().split("\\s+")) {
                if (!option.isEmpty()) {
                    flags.add(option.replace("{name}", functionName));
                }
            }
        }
        return flags;
    }
}
