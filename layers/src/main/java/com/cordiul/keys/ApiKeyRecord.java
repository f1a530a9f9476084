package com.cordiul.keys;

import com.cordiul.identity.Permission;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One stored API key. The key itself is never stored: only its hash, and its first characters for display.
 *
 * @param keyHash hex SHA-256 of the key (the table's partition key)
 * @param id the public id, {@code key_} + a sortable id
 * @param owner the account the key acts for
 * @param name the caller's label for the key
 * @param permissions what the key may do
 * @param start the key's first characters, e.g. {@code ck_live_AbCd}
 * @param createdAt when it was created
 * @param lastUsedAt when it last authenticated a request, to the minute; empty if never
 */
public record ApiKeyRecord(String keyHash, String id, String owner, String name, Set<Permission> permissions,
                           String start, Instant createdAt, Optional<Instant> lastUsedAt) {

    public ApiKeyRecord {
        permissions = Set.copyOf(permissions);
    }
}
