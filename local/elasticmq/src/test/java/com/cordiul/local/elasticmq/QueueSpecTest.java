package com.cordiul.local.elasticmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueSpecTest {

    @Test
    void defaults_areSqss() {
        QueueSpec queue = QueueSpec.standard("dial-queue");
        assertThat(queue.visibilityTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(queue.delay()).isZero();
        assertThat(queue.retention()).isEqualTo(Duration.ofDays(4));
        assertThat(queue.deadLetterQueue()).isNull();
        assertThat(queue.fifo()).isFalse();
        assertThat(queue.receiveWait()).isZero();
    }

    @Test
    void whatSqsRefuses_isRefused() {
        assertThatThrownBy(() -> QueueSpec.standard("bad name")).hasMessageContaining("Not an SQS queue name");
        assertThatThrownBy(() -> QueueSpec.standard("x.fifo")).hasMessageContaining("Not an SQS queue name");
        assertThatThrownBy(() -> QueueSpec.fifo("x")).hasMessageContaining("ends with .fifo");
        assertThatThrownBy(() -> QueueSpec.standard("q").withContentBasedDeduplication())
                .hasMessageContaining("FIFO");
        assertThatThrownBy(() -> QueueSpec.standard("q").withVisibilityTimeout(Duration.ofHours(13)))
                .hasMessageContaining("visibility timeout");
        assertThatThrownBy(() -> QueueSpec.standard("q").withDelay(Duration.ofMillis(1500)))
                .hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> QueueSpec.standard("q").withRetention(Duration.ofDays(15)))
                .hasMessageContaining("retention");
        assertThatThrownBy(() -> QueueSpec.standard("q").withReceiveWait(Duration.ofSeconds(21)))
                .hasMessageContaining("receive wait");
        assertThatThrownBy(() -> QueueSpec.standard("q").withDeadLetterQueue("dlq", 0))
                .hasMessageContaining("maxReceiveCount");
        assertThatThrownBy(() -> QueueSpec.standard("q").withDeadLetterQueue("q", 3))
                .hasMessageContaining("its own dead-letter queue");
    }

    @Test
    void settings_refuseAMissingOrMismatchedDeadLetterQueue_andTwinNames() {
        assertThatThrownBy(() -> ElasticMqSettings.inMemory(List.of(QueueSpec.standard("q")
                .withDeadLetterQueue("dlq", 3)))).hasMessageContaining("is not declared");
        assertThatThrownBy(() -> ElasticMqSettings.inMemory(List.of(QueueSpec.standard("q")
                .withDeadLetterQueue("dlq.fifo", 3), QueueSpec.fifo("dlq.fifo")))).hasMessageContaining("same kind");
        assertThatThrownBy(() -> ElasticMqSettings.inMemory(List.of(QueueSpec.standard("q"),
                QueueSpec.standard("q")))).hasMessageContaining("declared twice");
    }

    @Test
    void configuration_declaresEachQueue_andTheStorageWhenDataIsKept() {
        ElasticMqSettings settings = ElasticMqSettings.persistent(Path.of("/data/elasticmq"), List.of(
                QueueSpec.fifo("dial.fifo").withDelay(Duration.ofSeconds(2)).withDeadLetterQueue("dead.fifo", 5)
                        .withReceiveWait(Duration.ofSeconds(20)),
                QueueSpec.fifo("dead.fifo")));
        String config = ElasticMqConfig.render(settings, 9999);
        assertThat(config).contains("bind-port = 9999", "bind-hostname = \"127.0.0.1\"", "rest-stats { enabled = false",
                "\"dial.fifo\" {", "delay = 2 seconds", "fifo = true",
                "deadLettersQueue { name = \"dead.fifo\", maxReceiveCount = 5 }", "receiveMessageWait = 20 seconds",
                "uri = \"jdbc:h2:file:/data/elasticmq/elasticmq;WRITE_DELAY=0\"");
        assertThat(ElasticMqConfig.render(ElasticMqSettings.inMemory(List.of()), 9999))
                .doesNotContain("messages-storage");
    }
}
