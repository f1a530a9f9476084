package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The deployment artifacts are reproducible: a second build of the layer and of one function, into another build
 * directory ({@code -Dcordiul.target}), gives byte-identical files to those this build made. An unchanged function
 * or layer then uploads nothing new on {@code sam deploy}, and only a real change publishes a new version.
 */
class ReproducibleBuildTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final String SECOND = "target-reproducible";
    private static final List<String> ARTIFACTS = List.of("layers/%s/layer.zip", "layers/%s/cordiul-layer.jar",
            "functions/get-call/%s/get-call.jar");

    @Test
    void aSecondBuild_ofTheLayerAndAFunction_isByteIdentical() throws Exception {
        for (String module : List.of("local/dynalite", "local/voice-simulator", "testing", "layers",
                "functions/get-call")) {
            deleteTree(ROOT.resolve(module).resolve(SECOND));
        }
        Path log = ROOT.resolve("local/runner/target/reproducible-build.log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(maven(), "-B", "-q", "-o", "-ntp", "package",
                "-Dmaven.test.skip=true", "-Dcheckstyle.skip=true", "-pl", "functions/get-call", "-am",
                "-Dcordiul.target=" + SECOND));
        String repository = System.getProperty("cordiul.maven.repository");
        if (repository != null && !repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        Process build = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(build.waitFor(10, TimeUnit.MINUTES)).as("second build finished").isTrue();
        assertThat(build.exitValue()).as("second build (see %s)", log).isZero();

        for (String artifact : ARTIFACTS) {
            Path first = ROOT.resolve(artifact.formatted("target"));
            Path second = ROOT.resolve(artifact.formatted(SECOND));
            assertThat(Files.mismatch(first, second)).as(artifact.formatted("*")).isEqualTo(-1L);
            // project.build.outputTimestamp: one time for every entry, whenever and wherever it was built.
            assertThat(new HashSet<>(entryTimes(first))).as(artifact.formatted("*") + " entry times").hasSize(1);
        }
    }

    private static List<Instant> entryTimes(Path archive) throws IOException {
        List<Instant> times = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                FileTime time = entry.getLastModifiedTime();
                times.add(time.toInstant());
            }
        }
        return times;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String maven() {
        String home = System.getProperty("cordiul.maven.home");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }
}
