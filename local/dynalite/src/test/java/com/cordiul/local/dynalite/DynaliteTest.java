package com.cordiul.local.dynalite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynaliteTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void output_goesToItsLogFile_notToAPipe(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("dynalite.log");
        try (Dynalite dynalite = Dynalite.start(null, 0, log, false)) {
            assertThat(dynalite.logFile()).isEqualTo(log);
            assertThat(Files.readString(log)).contains("starting: node", "Dynalite listening at: http://127.0.0.1:"
                    + dynalite.port());
        }
    }

    @Test
    void defaultLogFile_sitsNextToTheData_orInTheModulesTarget(@TempDir Path dir) {
        assertThat(Dynalite.defaultLogFile(dir.resolve("dynalite"), 1234)).isEqualTo(dir.resolve("dynalite.log"));
        assertThat(Dynalite.defaultLogFile(null, 1234))
                .isEqualTo(Path.of("target", "dynalite-1234.log").toAbsolutePath());
    }

    @Test
    void dynaliteThatDiesUnasked_isReportedLoudly_andRestartedWithItsData(@TempDir Path dir) throws Exception {
        TemplateTables tables = TemplateTables.fromRepository();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try (Dynalite dynalite = Dynalite.supervised(dir.resolve("data"), 0)) {
            try (var client = dynalite.client()) {
                tables.createAll(client);
                client.putItem(b -> b.tableName("IdempotencyTable").item(Map.of("pk", AttributeValue.fromS("kept"))));
            }
            long firstPid = dynalite.process().pid();
            ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

            awaitTrue(() -> dynalite.process().restarts() == 1 && dynalite.isRunning(), "restarted");
            assertThat(dynalite.process().pid()).isNotEqualTo(firstPid);
            try (var client = dynalite.client()) {
                assertThat(client.getItem(b -> b.tableName("IdempotencyTable")
                        .key(Map.of("pk", AttributeValue.fromS("kept")))).hasItem()).isTrue();
            }
        } finally {
            System.setErr(original);
        }
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains("[dynalite] DIED: pid", "exit code 137 (signal 9 SIGKILL)", "  | Dynalite listening at",
                        "[dynalite] restarted (pid");
    }

    @Test
    void dynaliteClosedOnPurpose_isNeitherReportedNorRestarted() throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        Dynalite dynalite = Dynalite.supervised(null, 0);
        try {
            dynalite.close();
            ProcessHandle.of(dynalite.process().pid()).ifPresent(p -> p.onExit().join());
        } finally {
            System.setErr(original);
        }
        assertThat(dynalite.isRunning()).isFalse();
        assertThat(dynalite.process().restarts()).isZero();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("DIED");
    }

    @Test
    void secondDynaliteOnTheSameData_failsAtStart_namingTheLockedFolder(@TempDir Path dir) {
        Path data = dir.resolve("data");
        try (Dynalite first = Dynalite.start(data, 0)) {
            assertThatThrownBy(() -> Dynalite.start(data, 0).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Database is not open")
                    .hasMessageContaining("Is another dynalite using " + data);
            assertThat(first.isRunning()).isTrue();
        }
    }

    @Test
    void dynaliteOfALauncherThatIsKilled_exitsToo(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("dynalite.pid");
        Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dcordiul.root=" + RepositoryRoot.find(),
                KilledLauncher.class.getName(), pidFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("launcher.log").toFile()).start();
        try {
            awaitTrue(() -> Files.exists(pidFile) || !launcher.isAlive(), "the launcher started dynalite");
            assertThat(launcher.isAlive()).as(Files.readString(dir.resolve("launcher.log"))).isTrue();
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            assertThat(ProcessHandle.of(pid)).isPresent();

            launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs

            awaitTrue(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "dynalite exited");
        } finally {
            launcher.destroyForcibly();
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** Starts a dynalite, writes its pid, then waits to be killed. */
    static final class KilledLauncher {

        private KilledLauncher() {
        }

        public static void main(String[] args) throws Exception {
            Dynalite dynalite = Dynalite.startInMemory();
            Files.writeString(Path.of(args[0] + ".tmp"), Long.toString(dynalite.process().pid()));
            Files.move(Path.of(args[0] + ".tmp"), Path.of(args[0]));
            Thread.currentThread().join();
        }
    }

    @Test
    void exitCodes_nameTheSignalThatEndedTheProcess() {
        assertThat(ServiceProcess.describe(exited(0))).isEqualTo("exit code 0");
        assertThat(ServiceProcess.describe(exited(1))).isEqualTo("exit code 1");
        assertThat(ServiceProcess.describe(exited(134))).isEqualTo("exit code 134 (signal 6 SIGABRT)");
        assertThat(ServiceProcess.describe(exited(137))).isEqualTo("exit code 137 (signal 9 SIGKILL)");
    }

    private static Process exited(int code) {
        try {
            Process p = new ProcessBuilder(List.of("sh", "-c", "exit " + code)).start();
            p.waitFor();
            return p;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
