package com.cordiul.core;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The fields of one JSON object being written for a {@link JsonWritable}, straight to Jackson's streaming
 * generator: no map is built first. Values are anything {@link Json#write} accepts, other writables included.
 */
public final class JsonWriter {

    private final JsonGenerator out;

    JsonWriter(JsonGenerator out) {
        this.out = out;
    }

    /** One field; a null value is written as JSON null. */
    public JsonWriter field(String name, Object value) {
        try {
            out.writeFieldName(name);
            Json.value(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** One field, left out when the value is null (an optional field of the API). */
    public JsonWriter optionalField(String name, Object value) {
        return value == null ? this : field(name, value);
    }
}
