package com.cordiul.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Small templates written by the tests, and the repository's own. */
final class Templates {

    private Templates() {
    }

    /** The repository's template.yaml (the build passes the root as cordiul.root). */
    static Path repository() {
        String root = System.getProperty("cordiul.root");
        Path dir = root == null ? Path.of("").toAbsolutePath().getParent().getParent() : Path.of(root);
        return dir.resolve("template.yaml");
    }

    /** Writes the text as template.yaml under dir and reads it. */
    static Stack read(Path dir, String yaml) {
        return read(dir, yaml, Map.of());
    }

    /** Writes the text as template.yaml under dir and reads it with those overrides. */
    static Stack read(Path dir, String yaml, Map<String, String> overrides) {
        return Stack.read(write(dir, yaml), overrides);
    }

    static Path write(Path dir, String yaml) {
        try {
            Path file = dir.resolve("template.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
