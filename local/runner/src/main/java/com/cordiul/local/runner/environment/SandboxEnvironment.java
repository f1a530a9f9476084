package com.cordiul.local.runner.environment;

import java.util.Map;

/**
 * The environment variables of one in-process function instance. Its class loader defines this class anew (from
 * the runner's bytes) and rewrites the function's calls of {@code System.getenv} into calls of {@link #getenv}, so
 * that the layer, the SDK and the function read their own variables exactly where Lambda would have them, and no
 * code of the function knows it runs locally. It must use nothing but the JDK.
 */
public final class SandboxEnvironment {

    private static volatile Map<String, String> variables = Map.of();

    private SandboxEnvironment() {
    }

    /** Set once by the sandbox, before the function's first class is loaded. */
    public static void set(Map<String, String> values) {
        variables = Map.copyOf(values);
    }

    /** Stands in for {@link System#getenv(String)}. */
    public static String getenv(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        return variables.get(name);
    }

    /** Stands in for {@link System#getenv()}. */
    public static Map<String, String> getenv() {
        return variables;
    }
}
