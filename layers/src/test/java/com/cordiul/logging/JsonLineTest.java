package com.cordiul.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 1000)
    void anyStrings_parseBackToTheSameObject(@ForAll String key, @ForAll String value, @ForAll String other)
            throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("k", key);
        fields.put("v", value);
        fields.put("o", other);
        String line = JsonLine.of(fields);
        assertThat(line).doesNotContain("\n", "\r");
        JsonNode parsed = JSON.readTree(line.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.get("k").asText()).isEqualTo(key);
        assertThat(parsed.get("v").asText()).isEqualTo(value);
        assertThat(parsed.get("o").asText()).isEqualTo(other);
    }

    @Test
    void nullValue_isJsonNull_andOrderIsKept() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("b", "x\"y\\z");
        fields.put("a", null);
        assertThat(JsonLine.of(fields)).isEqualTo("{\"b\":\"x\\\"y\\\\z\",\"a\":null}");
    }

    @Test
    void loneSurrogate_isEscaped_soTheLineStaysValidUtf8() {
        assertThat(JsonLine.of(Map.of("k", "a\uD800b"))).isEqualTo("{\"k\":\"a\\ud800b\"}");
    }
}
