package com.cordiul.keys;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import com.cordiul.core.Timestamps;
import com.cordiul.identity.Permission;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What the API shows of an existing key: never the key, only its start.
 *
 * @param id the key's id
 * @param name its label
 * @param permissions its permissions' wire names
 * @param start its first characters
 * @param createdAt ISO-8601 creation time
 * @param lastUsedAt ISO-8601 time of last use, or null if never used
 */
public record ApiKeyView(
        String id,
        String name,
        List<String> permissions,
        String start,
        String createdAt,
        String lastUsedAt) implements JsonWritable {

    @Override
    public void writeJson(JsonWriter out) {
        out.field("id", id).field("name", name).field("permissions", permissions).field("start", start)
                .field("created_at", createdAt).field("last_used_at", lastUsedAt);
    }

    /** The view of a stored key. */
    public static ApiKeyView of(ApiKeyRecord record) {
        return new ApiKeyView(record.id(), record.name(), wireNames(record.permissions()), record.start(),
                Timestamps.format(record.createdAt()), record.lastUsedAt().map(Timestamps::format).orElse(null));
    }

    /** Wire names in declaration order, so responses are stable. */
    static List<String> wireNames(Set<Permission> permissions) {
        return Arrays.stream(Permission.values()).filter(permissions::contains).map(Permission::value).toList();
    }
}
