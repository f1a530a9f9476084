package com.cordiul.local.runner.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A function's answer to an SQS batch, read as Lambda reads it when the mapping has
 * {@code FunctionResponseTypes: [ReportBatchItemFailures]} (AWS's "success and failure conditions"): an empty or
 * null answer, or a null or empty {@code batchItemFailures} list, is a complete success; invalid JSON, an
 * {@code itemIdentifier} that is empty, null, missing (a bad key name) or not a message of the batch is a complete
 * failure; otherwise the named messages failed and the others succeeded.
 */
final class BatchResponse {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the answer says. */
    sealed interface Verdict {
    }

    /** These messages failed (none: every message succeeded). */
    record Failures(Set<String> messageIds) implements Verdict {
    }

    /** The answer is no valid partial batch response: the whole batch failed. */
    record Invalid(String reason) implements Verdict {
    }

    private BatchResponse() {
    }

    /** Reads an answer to a batch of these message ids. */
    static Verdict read(byte[] answer, Set<String> batch) {
        String text = new String(answer, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return new Failures(Set.of());
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            return new Invalid("the answer is not JSON");
        }
        if (root == null || root.isNull()) {
            return new Failures(Set.of());
        }
        if (!root.isObject()) {
            return new Invalid("the answer is JSON " + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not an object with batchItemFailures");
        }
        JsonNode failures = root.path("batchItemFailures");
        if (failures.isMissingNode() || failures.isNull()) {
            return new Failures(Set.of());
        }
        if (!failures.isArray()) {
            return new Invalid("batchItemFailures is not a list");
        }
        Set<String> failed = new LinkedHashSet<>();
        for (JsonNode item : failures) {
            JsonNode id = item.path("itemIdentifier");
            if (!item.isObject() || id.isMissingNode()) {
                return new Invalid("a batchItemFailures item has no itemIdentifier: " + item);
            }
            if (!id.isTextual() || id.asText().isEmpty()) {
                return new Invalid("an itemIdentifier is " + (id.isNull() ? "null" : "empty or not a string: " + id));
            }
            if (!batch.contains(id.asText())) {
                return new Invalid("itemIdentifier '" + id.asText() + "' is no message of the batch");
            }
            failed.add(id.asText());
        }
        return new Failures(failed);
    }
}
