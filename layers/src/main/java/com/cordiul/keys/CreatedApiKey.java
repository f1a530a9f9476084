package com.cordiul.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
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
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("key") String key,
        @JsonProperty("permissions") List<String> permissions,
        @JsonProperty("start") String start,
        @JsonProperty("created_at") String createdAt) {

    /** Never prints the key, so a stray log line cannot leak it. */
    @Override
    public String toString() {
        return "CreatedApiKey[id=" + id + ", start=" + start + "]";
    }
}
