package com.cordiul.local.runner.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A function's answer to a batch, with ReportBatchItemFailures, by AWS's success and failure conditions. */
class BatchResponseTest {

    private static final Set<String> BATCH = Set.of("m-1", "m-2", "m-3");

    private static BatchResponse.Verdict read(String answer) {
        return BatchResponse.read(answer.getBytes(StandardCharsets.UTF_8), BATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "null", "{}", "{\"batchItemFailures\":null}", "{\"batchItemFailures\":[]}",
        "{\"statusCode\":200}"})
    void emptyOrNullAnswersAndLists_areACompleteSuccess(String answer) {
        assertThat(read(answer)).isEqualTo(new BatchResponse.Failures(Set.of()));
    }

    @Test
    void namedMessages_failed_theOthersSucceeded() {
        assertThat(read("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-2\"},{\"itemIdentifier\":\"m-3\"}]}"))
                .isEqualTo(new BatchResponse.Failures(Set.of("m-2", "m-3")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "\"ok\"", "[]", "{\"batchItemFailures\":{}}",
        "{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}", "{\"batchItemFailures\":[{\"itemIdentifier\":null}]}",
        "{\"batchItemFailures\":[{\"itemId\":\"m-1\"}]}", "{\"batchItemFailures\":[{\"itemIdentifier\":\"m-9\"}]}",
        "{\"batchItemFailures\":[\"m-1\"]}",
        "{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"},{\"itemIdentifier\":\"elsewhere\"}]}"})
    void invalidJson_emptyNullMissingOrUnknownIdentifiers_failTheWholeBatch(String answer) {
        assertThat(read(answer)).isInstanceOf(BatchResponse.Invalid.class);
    }
}
