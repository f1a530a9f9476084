package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./dev} runs the runner from its own classes plus {@code target/lib} (what Maven copies for it), not from
 * the test class path: a library missing there only shows when a person runs ./dev. This launches that class path.
 */
class DevClassPathTest {

    @Test
    void devClassPath_holdsWhatMainNeeds_toReadTheTemplateAndParseOptions() throws Exception {
        Path module = RepositoryRoot.find().resolve("local/runner/target");
        String classPath = module.resolve("classes") + File.pathSeparator + module.resolve("lib") + File.separator
                + "*";
        Process main = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcordiul.root=" + RepositoryRoot.find(), "-cp", classPath, Main.class.getName(),
                "--no-such-option")).redirectErrorStream(true).start();
        assertThat(main.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(main.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("NoClassDefFoundError", "ClassNotFoundException")
                .contains("Unknown option --no-such-option");
        assertThat(main.exitValue()).isEqualTo(2);
    }
}
