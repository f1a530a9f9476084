package com.cordiul.idempotency;

import com.cordiul.core.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A client's {@code Idempotency-Key}: 1 to 255 printable ASCII characters. Only its SHA-256 is stored, scoped to
 * the owner, so one account's keys can never collide with, or reveal, another's.
 */
public final class IdempotencyKey {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";
    /** The longest key accepted. */
    public static final int MAX_LENGTH = 255;

    private final String value;

    private IdempotencyKey(String value) {
        this.value = value;
    }

    /** The key from the header's values (none: no key); a malformed or repeated header is a 400 naming it. */
    public static Optional<IdempotencyKey> fromHeader(List<String> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw invalid("The Idempotency-Key header must be sent once.");
        }
        String value = values.get(0);
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw invalid("The Idempotency-Key header must be 1 to " + MAX_LENGTH + " characters.");
        }
        if (!value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw invalid("The Idempotency-Key header must hold printable ASCII characters only.");
        }
        return Optional.of(new IdempotencyKey(value));
    }

    /** The stored partition key: {@code owner#sha256hex(key)}. */
    public String storageKey(String owner) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
            return owner + "#" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(HEADER, message);
    }

    @Override
    public String toString() {
        return "IdempotencyKey[redacted]";
    }
}
