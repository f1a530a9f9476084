package com.cordiul.bench.snapstart;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The lines of a JVM's {@code -Xlog:class+load=info:file=...:none} output ({@code name source: where}), and the
 * choice of what a function should preload: the classes it loaded from its layer jars and its task root, and the JDK
 * classes that came from the runtime image rather than the CDS archive. Never hidden classes (lambda forms, lambda
 * proxies: they have no name to load), never classes the runtime's own jars gave (the RIC loads them anyway).
 */
public final class ClassLoadLog {

    /** Where HotSpot says a JDK class came from when it was not in the CDS archive. */
    private static final String RUNTIME_IMAGE = "jrt:/";

    private final List<Loaded> loaded;

    /**
     * One class load.
     *
     * @param name the binary name ({@code a.b.C$D}; hidden classes carry a {@code /0x...} suffix)
     * @param source what HotSpot logs after {@code source:}: a URL, {@code jrt:/module}, {@code shared objects
     *               file}, or a pseudo-source such as {@code __JVM_LookupDefineClass__}
     */
    public record Loaded(String name, String source) {
    }

    private ClassLoadLog(List<Loaded> loaded) {
        this.loaded = List.copyOf(loaded);
    }

    /** Parses the log's lines; lines that are not class loads are ignored. */
    public static ClassLoadLog parse(List<String> lines) {
        List<Loaded> loaded = new ArrayList<>();
        for (String line : lines) {
            // With decorators, a line starts with [uptime][level][tags]: the record follows the last "] ".
            String record = line.startsWith("[") && line.contains("] ")
                    ? line.substring(line.lastIndexOf("] ") + 2) : line;
            int source = record.indexOf(" source: ");
            if (source > 0) {
                loaded.add(new Loaded(record.substring(0, source).strip(),
                        record.substring(source + " source: ".length()).strip()));
            }
        }
        return new ClassLoadLog(loaded);
    }

    /** Every class load, in order. */
    public List<Loaded> loaded() {
        return loaded;
    }

    /**
     * The sorted names to preload: classes whose source is one of the given jars or directories (the layer jars,
     * the task root), and JDK classes from the runtime image; never hidden classes, never anything else.
     */
    public List<String> preloadable(Collection<Path> codeSources) {
        Set<String> sources = new TreeSet<>();
        for (Path path : codeSources) {
            URI uri = path.toAbsolutePath().normalize().toUri();
            sources.add(uri.toString());
            sources.add(strip(uri.toString()));
        }
        Set<String> names = new TreeSet<>();
        for (Loaded l : loaded) {
            boolean hidden = l.name().indexOf('/') >= 0;
            boolean fromJdkImage = l.source().startsWith(RUNTIME_IMAGE);
            boolean fromCode = sources.contains(l.source()) || sources.contains(strip(l.source()));
            if (!hidden && (fromJdkImage || fromCode)) {
                names.add(l.name());
            }
        }
        return List.copyOf(names);
    }

    /** {@code file:/a/b/} and {@code file:///a/b} name the same directory. */
    private static String strip(String url) {
        String s = url.startsWith("file:///") ? "file:/" + url.substring("file:///".length()) : url;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
