package com.cordiul.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.core.Json;
import com.cordiul.local.dynalite.RepositoryRoot;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqsBatchTest {

    @Test
    void theEventSourceMappingsEvent_isReadIntoItsMessages() throws Exception {
        byte[] event = Files.readAllBytes(RepositoryRoot.find().resolve("events/webhook-delivery.json"));

        List<QueueMessage> messages = SqsBatch.read(event);

        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo("059f36b4-87a3-44ab-83d2-661975830a7d");
            assertThat(m.body()).contains("we_01JN8EY5Q3XYAFA9W4H69KSH18");
            assertThat(m.receiveCount()).isEqualTo(1);
        });
    }

    @Test
    void thePartialFailureAnswer_namesTheFailedMessages() {
        assertThat(Json.parse(SqsBatch.response(List.of("a", "b")))).isEqualTo(Map.of("batchItemFailures",
                List.of(Map.of("itemIdentifier", "a"), Map.of("itemIdentifier", "b"))));
        assertThat(SqsBatch.response(List.of())).isEqualTo("{\"batchItemFailures\":[]}");
    }

    @Test
    void aDocumentThatIsNotAnSqsEvent_isRefused() {
        assertThatThrownBy(() -> SqsBatch.read("{\"detail\":{}}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SqsBatch.read("{\"Records\":[{\"body\":\"x\"}]}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBatch_isHandledConcurrently_andOnlyTheMessagesThatThrewFail() {
        BatchProcessor processor = BatchProcessor.withThreads(4);
        List<QueueMessage> batch = List.of(new QueueMessage("1", "ok", 1), new QueueMessage("2", "fail", 1),
                new QueueMessage("3", "ok", 1));

        List<String> failed = processor.process(batch, m -> {
            if (m.body().equals("fail")) {
                throw new IllegalStateException("store down");
            }
        });

        assertThat(failed).containsExactly("2");
    }
}
