package com.cordiul.bench.baseline.jackson;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.util.Map;

/** A mapper configured like the layer's {@code com.cordiul.core.Json}, and the work each invocation does. */
final class Mappers {

    private Mappers() {
    }

    static ObjectMapper configured() {
        return JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
    }

    /** Writes the event and reads it back, as an API handler parses a body and renders an envelope. */
    static String roundTrip(ObjectMapper mapper, Map<String, Object> event) {
        try {
            JsonNode tree = mapper.readTree(mapper.writeValueAsString(event));
            return mapper.writeValueAsString(Map.of("success", true, "fields", tree.size()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
