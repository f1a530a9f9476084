package com.cordiul.chime.sma;

import com.cordiul.local.dynalite.RepositoryRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository's SMA event fixtures ({@code events/call-status-*.json}). */
public final class Fixtures {

    private Fixtures() {
    }

    public static String read(String name) {
        try {
            return Files.readString(RepositoryRoot.find().resolve("events").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> all() {
        try (Stream<Path> files = Files.list(RepositoryRoot.find().resolve("events"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("call-status-")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
