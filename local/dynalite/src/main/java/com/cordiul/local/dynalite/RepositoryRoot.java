package com.cordiul.local.dynalite;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's root: the folder holding {@code template.yaml} and {@code package-lock.json}. */
public final class RepositoryRoot {

    private RepositoryRoot() {
    }

    /** The root, from the {@code cordiul.root} system property (the build sets it) or by walking up from here. */
    public static Path find() {
        String property = System.getProperty("cordiul.root");
        if (property != null && Files.isRegularFile(Path.of(property, "template.yaml"))) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("package.json"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("Run from inside the Cordiul repository (no template.yaml found above "
                + Path.of("").toAbsolutePath() + ")");
    }
}
