package com.cordiul.bench.snapstart;

import com.cordiul.bench.analysis.ClassLoadLog;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a function should preload, from the {@code -Xlog:class+load} log of its first invocation: the classes it
 * loaded from its layer jars and its task root, and the JDK classes that came from the runtime image rather than the
 * CDS archive. Never hidden classes (lambda forms, lambda proxies: they have no name to load by), never classes of
 * any other source (the runtime's own jars, unless passed as code sources).
 */
public final class PreloadableClasses {

    /** Where HotSpot says a JDK class came from when it was not in the CDS archive. */
    private static final String RUNTIME_IMAGE = "jrt:/";

    private PreloadableClasses() {
    }

    /** The sorted binary names to preload, given the log's lines and the jars and directories to take classes from. */
    public static List<String> of(List<String> logLines, Collection<Path> codeSources) {
        Set<Path> sources = codeSources.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toSet());
        Set<String> names = new TreeSet<>();
        for (String line : logLines) {
            ClassLoadLog.parse(line).ifPresent(load -> {
                boolean hidden = load.className().indexOf('/') >= 0;
                boolean fromJdkImage = load.source().startsWith(RUNTIME_IMAGE);
                boolean fromCode = pathOf(load.source()).map(sources::contains).orElse(false);
                if (!hidden && (fromJdkImage || fromCode)) {
                    names.add(load.className());
                }
            });
        }
        return List.copyOf(names);
    }

    /** The jar or directory a {@code file:} source names ({@code jar:file:...!/} too), absolute and normalized. */
    private static Optional<Path> pathOf(String source) {
        Optional<Path> jar = ClassLoadLog.jarOf(source);
        if (jar.isPresent() || !source.startsWith("file:")) {
            return jar;
        }
        try {
            return Optional.of(Path.of(URI.create(source)).toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
