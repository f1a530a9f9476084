package com.cordiul.keys;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import java.util.List;

/**
 * The answer to listing keys: {@code {"keys": [...]}}, newest first.
 *
 * @param keys the owner's keys, as the API shows them
 */
public record ApiKeyListing(List<ApiKeyView> keys) implements JsonWritable {

    /** A defensive copy. */
    public ApiKeyListing {
        keys = List.copyOf(keys);
    }

    @Override
    public void writeJson(JsonWriter out) {
        out.field("keys", keys);
    }
}
