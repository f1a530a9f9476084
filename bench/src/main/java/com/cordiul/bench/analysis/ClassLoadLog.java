package com.cordiul.bench.analysis;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code -Xlog:class+load} wrote: one line per loaded class and where it came from, e.g.
 * {@code [0.097s][info][class,load] com.cordiul.core.Json source: file:/opt/java/lib/cordiul-layer.jar}.
 */
public final class ClassLoadLog {

    private static final Pattern LINE = Pattern.compile("^(?:\\[[^\\]]*\\])*\\s*(\\S+) source: (.+)$");

    private ClassLoadLog() {
    }

    /**
     * One loaded class.
     *
     * @param className its binary name, e.g. {@code a.b.Outer$Inner}
     * @param source where it came from: a {@code file:} URL, {@code jrt:/java.base}, {@code shared objects file}...
     */
    public record Load(String className, String source) {
    }

    /** The class-load line parsed, or empty for any other line. */
    public static Optional<Load> parse(String line) {
        Matcher m = LINE.matcher(line.trim());
        return m.matches() ? Optional.of(new Load(m.group(1), m.group(2).trim())) : Optional.empty();
    }

    /** The jar a source names ({@code file:/x/y.jar} or {@code jar:file:/x/y.jar!/}), absolute and normalized. */
    public static Optional<Path> jarOf(String source) {
        String s = source.startsWith("jar:") ? source.substring("jar:".length()) : source;
        int bang = s.indexOf("!/");
        if (bang >= 0) {
            s = s.substring(0, bang);
        }
        if (!s.startsWith("file:") || !s.endsWith(".jar")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(URI.create(s)).toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            return Optional.of(Path.of(s.substring("file:".length())).toAbsolutePath().normalize());
        }
    }

    /** The classes the log shows loaded from each jar, by the jar's absolute normalized path. */
    public static Map<Path, Set<String>> byJar(List<String> lines) {
        Map<Path, Set<String>> loaded = new TreeMap<>();
        for (String line : lines) {
            parse(line).ifPresent(load -> jarOf(load.source()).ifPresent(jar ->
                    loaded.computeIfAbsent(jar, j -> new TreeSet<>()).add(load.className())));
        }
        return loaded;
    }
}
