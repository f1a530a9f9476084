package com.cordiul.core;

import java.util.Map;

/**
 * A value that writes itself as one JSON object, field by field, in the order the API documents: the one way the
 * layer writes what it answers. {@link Json#write} opens and closes the object around {@link #writeJson}, so a
 * writable cannot produce anything but an object; a field is never added or changed after it was written.
 */
@FunctionalInterface
public interface JsonWritable {

    /** Writes this value's fields, in order. */
    void writeJson(JsonWriter out);

    /** An object {@link Json#parse} read, written back field by field as it was read (a stored answer replayed). */
    static JsonWritable parsed(Map<String, ?> object) {
        return new Parsed(object);
    }

    /** An object read by {@link Json#parse}, written back as read. */
    record Parsed(Map<String, ?> object) implements JsonWritable {
        @Override
        public void writeJson(JsonWriter out) {
            for (Map.Entry<String, ?> field : object.entrySet()) {
                out.field(field.getKey(), field.getValue());
            }
        }
    }
}
