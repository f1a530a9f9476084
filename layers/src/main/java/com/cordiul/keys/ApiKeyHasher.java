package com.cordiul.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The stored form of a key: hex SHA-256 of the whole key. A key has 256 random bits, so an unsalted fast hash is
 * enough (nothing to brute-force), and it keeps the hot path at one GetItem on the hash.
 */
public final class ApiKeyHasher {

    private ApiKeyHasher() {
    }

    /** Lower-case hex SHA-256 of the key's ASCII bytes. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
