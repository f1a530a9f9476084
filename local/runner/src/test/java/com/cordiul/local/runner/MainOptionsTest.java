package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.local.dynalite.RepositoryRoot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code ./dev}'s options for the queues and the schedules. */
class MainOptionsTest {

    private static final Path ROOT = RepositoryRoot.find();

    @Test
    void anotherLocalFolder_holdsEveryFileDotLocalWouldHold_withTheSameDefaults() {
        Path local = ROOT.resolve("target/elsewhere/.local");
        LocalOptions options = Main.parse(new String[] {"--port", "0"}, ROOT, local);
        assertThat(options.dynamoDataDir()).isEqualTo(local.resolve("dynalite"));
        assertThat(options.events().queueDataDir()).isEqualTo(local.resolve("elasticmq"));
        assertThat(options.stateDir()).isEqualTo(local);
        assertThat(options.workDir()).isEqualTo(local.resolve("work"));
        assertThat(options.runnerLog()).isEqualTo(local.resolve("runner.log"));
        assertThat(options.parameterOverrides()).isEqualTo(Main.parse(new String[] {"--port", "0"}, ROOT)
                .parameterOverrides());
    }

    @Test
    void defaults_keepTheQueuesUnderDotLocal_andRunTheSchedulesAsTheTemplateSays() {
        EventOptions events = Main.parse(new String[0], ROOT).events();
        assertThat(events.queueDataDir()).isEqualTo(ROOT.resolve(".local/elasticmq"));
        assertThat(events.queuePort()).isZero();
        assertThat(events.schedules()).isTrue();
        assertThat(events.scheduleScale()).isEqualTo(1);
    }

    @Test
    void queueAndScheduleOptions_areRead() {
        String[] args = {"--queue-data", "/tmp/q", "--sqs-port", "9324", "--schedule-scale", "300", "--no-schedules"};
        EventOptions events = Main.parse(args, ROOT).events();
        assertThat(events.queueDataDir()).isEqualTo(Path.of("/tmp/q"));
        assertThat(events.queuePort()).isEqualTo(9324);
        assertThat(events.scheduleScale()).isEqualTo(300);
        assertThat(events.schedules()).isFalse();
    }

    @Test
    void badValues_areRefusedNamingTheOption() {
        assertThatThrownBy(() -> Main.parse(new String[] {"--schedule-scale", "0"}, ROOT))
                .hasMessageContaining("--schedule-scale takes a number from 0.01 to 10000");
        assertThatThrownBy(() -> Main.parse(new String[] {"--schedule-scale", "fast"}, ROOT))
                .hasMessageContaining("--schedule-scale");
        assertThatThrownBy(() -> Main.parse(new String[] {"--sqs-port", "70000"}, ROOT))
                .hasMessageContaining("Not a port");
        assertThatThrownBy(() -> Main.parse(new String[] {"--queue-data"}, ROOT))
                .hasMessageContaining("--queue-data needs a value");
    }
}
