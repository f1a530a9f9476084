package com.cordiul.core;

import java.util.Map;
import java.util.Optional;

/**
 * The function's configuration: its environment variables, read with {@link System#getenv}, exactly where Lambda
 * puts them. Nothing here knows where the function runs: the local runner's process sandbox starts a JVM per
 * instance with its variables, and its in-process sandbox gives each instance's class loader its own
 * {@code System.getenv} (the runner rewrites those calls in the classes it loads), so this class, the AWS SDK and
 * every library read the instance's own variables the same way.
 *
 * <p>{@link #install} is the one seam for tests that exercise configuration-reading code inside their own JVM;
 * no runtime (Lambda, the local runner, the bench) calls it.
 */
public final class Environment {

    private static volatile Map<String, String> testVariables;

    private Environment() {
    }

    /**
     * For tests only: replaces the variables this class reads (until installed again; installing
     * {@code System.getenv()} restores the real ones).
     */
    public static void install(Map<String, String> variables) {
        testVariables = Map.copyOf(variables);
    }

    /** The variable's value, if set and not blank. */
    public static Optional<String> get(String name) {
        Map<String, String> overridden = testVariables;
        String value = overridden != null ? overridden.get(name) : System.getenv(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** The variable's value; a missing one is a deployment fault, reported at init, never to a client. */
    public static String require(String name) {
        return get(name).orElseThrow(() -> new IllegalStateException("Missing environment variable " + name));
    }

    /** The variable's value, or the fallback when it is not set. */
    public static String getOrDefault(String name, String fallback) {
        return get(name).orElse(fallback);
    }
}
