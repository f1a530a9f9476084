package com.cordiul.core;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for the whole layer, on Jackson's streaming core alone: a document is read into plain Java values (a
 * {@code LinkedHashMap} per object, an {@code ArrayList} per array, {@code String}, {@code Long} or
 * {@code BigInteger}, {@code BigDecimal}, {@code Boolean}, {@code null}) and written back from them. What the layer
 * answers is written by {@link JsonWritable} records, each writing its own fields in order; maps, iterables and
 * arrays are written too, for documents read by {@link #parse} and for lists of writables. Jackson's
 * data binding is left out on purpose: loading it was the largest part of the API functions' cold start beyond
 * the AWS SDK's (bench/README.md, "Cold start"), and these few shapes need none of it.
 */
public final class Json {

    /** Nesting deeper than this is refused while parsing, before any of it is kept. */
    public static final int MAX_NESTING_DEPTH = 32;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // A document with a key given twice is ambiguous: refuse it rather than silently keep one value.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    private Json() {
    }

    /** Reads one JSON document (UTF-8); anything after it but whitespace is refused. */
    public static Object parse(byte[] json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return document(parser);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** Reads one JSON document; anything after it but whitespace is refused. */
    public static Object parse(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return document(parser);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** The value as compact JSON text. */
    public static String write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(value, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes the value as compact UTF-8 JSON to the stream, which stays open. */
    public static void write(Object value, OutputStream out) {
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            value(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON type of a value read by {@link #parse}: null, string, number, boolean, object or array. */
    public static String typeName(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String) {
            return "string";
        } else if (value instanceof Number) {
            return "number";
        } else if (value instanceof Boolean) {
            return "boolean";
        } else if (value instanceof Map<?, ?>) {
            return "object";
        }
        return value instanceof List<?> ? "array" : "unknown";
    }

    private static Object document(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new MalformedJsonException("no JSON value", -1, -1, false);
        }
        Object value = read(parser, first);
        if (parser.nextToken() != null) {
            throw new MalformedJsonException("data after the JSON value", parser.currentLocation().getLineNr(),
                    parser.currentLocation().getColumnNr(), false);
        }
        return value;
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    object.put(name, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(read(parser, t));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDecimalValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new MalformedJsonException("unexpected " + token, parser.currentLocation().getLineNr(),
                    parser.currentLocation().getColumnNr(), false);
        }
    }

    static void value(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String s) {
            out.writeString(s);
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger i) {
            out.writeNumber(i);
        } else if (value instanceof BigDecimal d) {
            out.writeNumber(d);
        } else if (value instanceof Double || value instanceof Float) {
            out.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof RawJson raw) {
            out.writeRawValue(raw.json());
        } else if (value instanceof JsonWritable writable) {
            out.writeStartObject();
            writable.writeJson(new JsonWriter(out));
            out.writeEndObject();
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.writeFieldName((String) e.getKey());
                value(out, e.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            out.writeStartArray();
            for (Object element : list) {
                value(out, element);
            }
            out.writeEndArray();
        } else if (value instanceof Object[] array) {
            value(out, java.util.Arrays.asList(array));
        } else {
            throw new IllegalArgumentException("Not a JSON value: " + value.getClass().getName());
        }
    }

    private static MalformedJsonException malformed(IOException e) {
        boolean tooDeep = e instanceof StreamConstraintsException;
        if (e instanceof JacksonException j && j.getLocation() != null) {
            return new MalformedJsonException(e.getClass().getSimpleName(), j.getLocation().getLineNr(),
                    j.getLocation().getColumnNr(), tooDeep);
        }
        return new MalformedJsonException(e.getClass().getSimpleName(), -1, -1, tooDeep);
    }
}
