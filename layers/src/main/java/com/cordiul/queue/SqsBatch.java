package com.cordiul.queue;

import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The event an SQS event source mapping invokes a function with ({@code {"Records": [...]}}), read with the layer's
 * streaming JSON rather than the runtime's event binding, and the answer that reports a partial batch failure
 * ({@code FunctionResponseTypes: [ReportBatchItemFailures]}): the messages it names come back after their
 * visibility timeout, every other message is deleted.
 */
public final class SqsBatch {

    private SqsBatch() {
    }

    /**
     * The batch's messages, in order.
     *
     * @throws IllegalArgumentException when the document is not an SQS event (never sent by the mapping)
     */
    public static List<QueueMessage> read(byte[] event) {
        if (!(Json.parse(event) instanceof Map<?, ?> root) || !(root.get("Records") instanceof List<?> records)) {
            throw new IllegalArgumentException("Not an SQS event: no Records");
        }
        List<QueueMessage> messages = new ArrayList<>();
        for (Object record : records) {
            if (!(record instanceof Map<?, ?> map) || !(map.get("messageId") instanceof String id)
                    || !(map.get("body") instanceof String body)) {
                throw new IllegalArgumentException("Not an SQS record");
            }
            int receives = 1;
            if (map.get("attributes") instanceof Map<?, ?> attributes
                    && attributes.get("ApproximateReceiveCount") instanceof String count && count.matches("\\d{1,9}")) {
                receives = Integer.parseInt(count);
            }
            messages.add(new QueueMessage(id, body, receives));
        }
        return messages;
    }

    /** The answer naming the messages to retry (none: the whole batch succeeded). */
    public static String response(List<String> failedMessageIds) {
        return Json.write(new BatchResponse(failedMessageIds));
    }

    /** {@code {"batchItemFailures": [{"itemIdentifier": id}, ...]}}. */
    private record BatchResponse(List<String> failed) implements JsonWritable {
        @Override
        public void writeJson(JsonWriter out) {
            List<Map<String, String>> items = new ArrayList<>();
            failed.forEach(id -> items.add(Map.of("itemIdentifier", id)));
            out.field("batchItemFailures", items);
        }
    }
}
