package com.cordiul.auth;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.identity.Caller;
import com.cordiul.identity.UnauthenticatedException;
import com.cordiul.keys.ApiKeyFormat;
import com.cordiul.keys.ApiKeyHasher;
import com.cordiul.keys.ApiKeyRecord;
import com.cordiul.keys.ApiKeyStore;
import com.cordiul.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns an API key into a {@link Caller}: the checksum first (a mistyped or invented key never reaches the
 * store), then one strongly consistent GetItem on the key's hash. {@code last_used_at} is kept current to the
 * minute by a conditional write that only happens when the stored value is older than that, and whose failure
 * never refuses the request.
 */
public final class ApiKeyAuthenticator {

    /** How stale {@code last_used_at} may get before a request refreshes it. */
    public static final Duration LAST_USED_RESOLUTION = Duration.ofSeconds(60);

    private final ApiKeyStore store;
    private final Clock clock;

    public ApiKeyAuthenticator(ApiKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The caller this key stands for.
     *
     * @throws UnauthenticatedException if the key is malformed, unknown or revoked
     * @throws StoreUnavailableException if the store could not be read (never a refusal, never an allow)
     */
    public Caller authenticate(String key) {
        if (!ApiKeyFormat.isWellFormed(key)) {
            throw UnauthenticatedException.malformedKey("The API key is malformed or its checksum does not match.");
        }
        ApiKeyRecord record = store.findByHash(ApiKeyHasher.hash(key))
                .orElseThrow(() -> new UnauthenticatedException("The API key is unknown or revoked."));
        touch(record);
        return new Caller(record.owner(), Optional.of(record.id()), record.permissions());
    }

    private void touch(ApiKeyRecord record) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(LAST_USED_RESOLUTION);
        if (record.lastUsedAt().isPresent() && !record.lastUsedAt().get().isBefore(cutoff)) {
            return;
        }
        try {
            if (!store.touchLastUsed(record.keyHash(), now, cutoff)) {
                Log.info("last_used_at not updated: a concurrent request did it, or the key was just revoked",
                        "key_id", record.id());
            }
        } catch (StoreUnavailableException e) {
            Log.warn("last_used_at could not be updated; the request is allowed anyway", "key_id", record.id(),
                    "error_type", e.getCause() == null ? e.getClass().getName() : e.getCause().getClass().getName());
        }
    }
}
