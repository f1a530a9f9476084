package com.cordiul.local.runner;

import com.cordiul.stack.LambdaFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Turns deployment artifacts into a class path, laid out as the Java runtime lays them out in a sandbox: the
 * function's code ({@code /var/task}: a jar, or a zip's root and its {@code lib/*.jar}), then each layer's
 * {@code java/lib/*.jar} ({@code /opt}). Zips are extracted once into a scratch folder removed on close.
 */
final class Artifacts implements AutoCloseable {

    private final Path scratch;
    private final Map<Path, List<URL>> extracted = new ConcurrentHashMap<>();

    Artifacts(Path workDir) {
        try {
            if (workDir == null) {
                scratch = Files.createTempDirectory("cordiul-runner-");
            } else {
                Files.createDirectories(workDir);
                scratch = Files.createTempDirectory(workDir, "artifacts-");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a scratch folder for the functions' artifacts", e);
        }
    }

    /** The class path of one function: its code first, then its layers in order. */
    List<URL> classPath(LambdaFunction function) {
        if (!function.externalLayers().isEmpty()) {
            throw new IllegalStateException(function.logicalId() + " uses layers that are not in the template ("
                    + String.join(", ", function.externalLayers()) + "): it cannot be run locally");
        }
        List<URL> urls = new ArrayList<>(code(function.codeUri(), function.logicalId()));
        for (Path layer : function.layers()) {
            urls.addAll(extracted.computeIfAbsent(layer, this::extractLayer));
        }
        return urls;
    }

    private List<URL> code(Path codeUri, String function) {
        if (Files.isDirectory(codeUri)) {
            return List.of(url(codeUri));
        }
        requireFile(codeUri, "CodeUri of " + function);
        if (codeUri.toString().endsWith(".zip")) {
            return extracted.computeIfAbsent(codeUri, zip -> {
                Path dir = extract(zip);
                List<URL> urls = new ArrayList<>(List.of(url(dir)));
                urls.addAll(jars(dir.resolve("lib")));
                return urls;
            });
        }
        return List.of(url(codeUri));
    }

    private List<URL> extractLayer(Path zip) {
        requireFile(zip, "Layer");
        return jars(extract(zip).resolve("java/lib"));
    }

    private Path extract(Path zip) {
        try {
            Path dir = Files.createTempDirectory(scratch, zip.getFileName().toString() + "-");
            try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
                ZipEntry entry;
                while ((entry = entries.getNextEntry()) != null) {
                    Path target = dir.resolve(entry.getName()).normalize();
                    if (!target.startsWith(dir)) {
                        throw new IOException("Entry outside the archive's folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not extract " + zip, e);
        }
    }

    private static List<URL> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted(Comparator.comparing(Path::toString))
                    .map(Artifacts::url).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(what + " " + file + " does not exist: build it first "
                    + "(mvn -B -q -DskipTests package, or ./dev without --no-build)");
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path.toString(), e);
        }
    }

    /** Removes the extracted archives. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(scratch)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // Best effort: a scratch folder left behind is harmless and lives under .local/ or the temp dir.
        }
    }
}
