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
 * <p>The static methods read the process's variables. Code whose configuration tests vary takes an instance
 * ({@link #process()} in production, {@link #of} in a test), so that no test ever changes what the process sees.
 */
public final class Environment {

    private static final Environment PROCESS = new Environment(null);

    private final Map<String, String> variables;

    private Environment(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The process's own variables. */
    public static Environment process() {
        return PROCESS;
    }

    /** Exactly these variables, and no others. */
    public static Environment of(Map<String, String> variables) {
        return new Environment(Map.copyOf(variables));
    }

    /** The variable's value, if set and not blank. */
    public Optional<String> value(String name) {
        String value = variables == null ? System.getenv(name) : variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** The variable's value; a missing one is a deployment fault, reported at init, never to a client. */
    public String required(String name) {
        return value(name).orElseThrow(() -> new IllegalStateException("Missing environment variable " + name));
    }

    /** The variable's value, or the fallback when it is not set. */
    public String valueOr(String name, String fallback) {
        return value(name).orElse(fallback);
    }

    /** The process variable's value, if set and not blank. */
    public static Optional<String> get(String name) {
        return PROCESS.value(name);
    }

    /** The process variable's value; a missing one is a deployment fault, reported at init. */
    public static String require(String name) {
        return PROCESS.required(name);
    }

    /** The process variable's value, or the fallback when it is not set. */
    public static String getOrDefault(String name, String fallback) {
        return PROCESS.valueOr(name, fallback);
    }
}
