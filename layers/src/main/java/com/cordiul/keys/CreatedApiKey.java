package com.cordiul.keys;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import java.util.List;

/**
 * The answer to creating a key: the only time the plaintext key is ever shown.
 *
 * @param id the key's id
 * @param name its label
 * @param key the plaintext key; shown once, stored nowhere
 * @param permissions its permissions' wire names
 * @param start its first characters, as later listings show them
 * @param createdAt ISO-8601 creation time
 */
public record CreatedApiKey(
        String id,
        String name,
        String key,
        List<String> permissions,
        String start,
        String createdAt) implements JsonWritable {

    @Override
    public void writeJson(JsonWriter out) {
        out.field("id", id).field("name", name).field("key", key).field("permissions", permissions)
                .field("start", start).field("created_at", createdAt);
    }

    /** Never prints the key, so a stray log line cannot leak it. */
    @Override
    public String toString() {
        return "CreatedApiKey[id=" + id + ", start=" + start + "]";
    }
}
