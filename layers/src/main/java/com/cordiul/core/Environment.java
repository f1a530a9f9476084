package com.cordiul.core;

import java.util.Map;
import java.util.Optional;

/**
 * The function's configuration, as the template's environment variables give it.
 *
 * <p>On Lambda this is {@link System#getenv()}. A runtime that hosts several functions in one process (the local
 * runner loads each function in its own class loader) installs each function's variables with {@link #install}
 * before it builds the handler, which is why every class reads configuration here and never from System.getenv.
 */
public final class Environment {

    private static volatile Map<String, String> installed;

    private Environment() {
    }

    /** Replaces the process environment for the classes of this class loader. */
    public static void install(Map<String, String> variables) {
        installed = Map.copyOf(variables);
    }

    /** The variable's value, if set and not blank. */
    public static Optional<String> get(String name) {
        Map<String, String> source = installed != null ? installed : System.getenv();
        String value = source.get(name);
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
