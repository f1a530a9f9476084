package com.cordiul.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void everyJsonType_isReadAsItsPlainJavaValue() {
        Object value = Json.parse("{\"s\":\"x\",\"i\":7,\"big\":123456789012345678901234567890,\"d\":2.50,"
                + "\"t\":true,\"f\":false,\"n\":null,\"a\":[1,\"b\"],\"o\":{}}");

        assertThat(value).isInstanceOf(LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map.keySet()).containsExactly("s", "i", "big", "d", "t", "f", "n", "a", "o");
        assertThat(map.get("s")).isEqualTo("x");
        assertThat(map.get("i")).isEqualTo(7L);
        assertThat(map.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(map.get("d")).isEqualTo(new BigDecimal("2.50"));
        assertThat(map.get("t")).isEqualTo(true);
        assertThat(map.get("f")).isEqualTo(false);
        assertThat(map.containsKey("n")).isTrue();
        assertThat(map.get("n")).isNull();
        assertThat(map.get("a")).isEqualTo(List.of(1L, "b"));
        assertThat(map.get("o")).isEqualTo(Map.of());
    }

    @Test
    void aKeyGivenTwice_isRefused() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void dataAfterTheValue_isRefused() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1} {\"b\":2}")).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> Json.parse("[1]]")).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void emptyInput_isRefused() {
        assertThatThrownBy(() -> Json.parse("   ")).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void nestingBeyondTheLimit_isRefusedAsTooDeep_andAtTheLimitIsRead() {
        String atLimit = "[".repeat(Json.MAX_NESTING_DEPTH) + "]".repeat(Json.MAX_NESTING_DEPTH);
        String beyond = "[".repeat(Json.MAX_NESTING_DEPTH + 1) + "]".repeat(Json.MAX_NESTING_DEPTH + 1);

        assertThat(Json.parse(atLimit)).isInstanceOf(List.class);
        assertThatThrownBy(() -> Json.parse(beyond)).isInstanceOfSatisfying(MalformedJsonException.class,
                e -> assertThat(e.tooDeep()).isTrue());
    }

    @Test
    void aSyntaxError_saysWhere_butNotWhat() {
        assertThatThrownBy(() -> Json.parse("{\n  \"secret-value\": }")).isInstanceOfSatisfying(
                MalformedJsonException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isPositive();
                    assertThat(e.getMessage()).doesNotContain("secret-value");
                });
    }

    @Test
    void writing_isCompact_keepsKeyOrder_andEscapes() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("z", "line\nbreak \"quoted\" \u2028");
        value.put("a", Arrays.asList(1, 2L, null, true, new BigDecimal("1.10")));
        value.put("n", null);

        assertThat(Json.write(value))
                .isEqualTo("{\"z\":\"line\\nbreak \\\"quoted\\\" \u2028\",\"a\":[1,2,null,true,1.10],\"n\":null}");
    }

    @Test
    void aJsonWritable_writesItsFieldsInOrder_leavingOutAbsentOptionalOnes() {
        JsonWritable writable = out -> out.field("id", "k_1").optionalField("none", null).field("n", null);

        assertThat(Json.write(List.of(writable))).isEqualTo("[{\"id\":\"k_1\",\"n\":null}]");
    }

    @Test
    void writingToAStream_leavesItOpen_andWritesUtf8() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Json.write(Map.of("name", "Zoë"), out);
        out.write('!');

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"Zoë\"}!");
    }

    @Test
    void aValueThatIsNoJson_isRefusedWhenWritten() {
        assertThatThrownBy(() -> Json.write(Map.of("when", new Object())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typeNames_areJsonsOwn() {
        assertThat(Arrays.asList(null, "s", 1L, true, Map.of(), List.of()).stream().map(Json::typeName))
                .containsExactly("null", "string", "number", "boolean", "object", "array");
    }

    @Property(tries = 300)
    void anyValue_readsBackEqual_afterWriting(@ForAll("values") Object value) {
        assertThat(Json.parse(Json.write(value))).isEqualTo(value);
        assertThat(Json.parse(Json.write(value).getBytes(StandardCharsets.UTF_8))).isEqualTo(value);
    }

    @Property(tries = 500)
    void anyText_isEitherReadOrRefusedAsMalformed(@ForAll String text) {
        try {
            Json.parse(text);
        } catch (MalformedJsonException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Object> values() {
        return value(4);
    }

    private static Arbitrary<Object> value(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.bigDecimals().ofScale(3).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Object> list = value(depth - 1).list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
        Arbitrary<Object> object = Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(6), value(depth - 1))
                .ofMaxSize(4).map(m -> (Object) new LinkedHashMap<>(m));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, scalar), net.jqwik.api.Tuple.of(1, list),
                net.jqwik.api.Tuple.of(1, object));
    }
}
