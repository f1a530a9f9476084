package com.cordiul.keys;

import com.cordiul.core.JsonWritable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("name", name);
        json.put("key", key);
        json.put("permissions", permissions);
        json.put("start", start);
        json.put("created_at", createdAt);
        return json;
    }

    /** Never prints the key, so a stray log line cannot leak it. */
    @Override
    public String toString() {
        return "CreatedApiKey[id=" + id + ", start=" + start + "]";
    }
}
