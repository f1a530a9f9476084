package com.cordiul.keys;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Makes new API keys from 256 bits of {@link SecureRandom}. */
public final class ApiKeyGenerator {

    private static final int RANDOM_BYTES = 32;

    private final SecureRandom random;

    public ApiKeyGenerator(SecureRandom random) {
        this.random = random;
    }

    /** A generator on the platform's default SecureRandom (NativePRNG on Lambda: reseeded from the OS). */
    public ApiKeyGenerator() {
        this(new SecureRandom());
    }

    /** A new key in {@link ApiKeyFormat}'s shape. */
    public String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return fromRandomBytes(bytes);
    }

    /** The key made of these 32 random bytes. */
    static String fromRandomBytes(byte[] bytes) {
        if (bytes.length != RANDOM_BYTES) {
            throw new IllegalArgumentException("A key takes " + RANDOM_BYTES + " random bytes");
        }
        return ApiKeyFormat.assemble(Base62.encode(new BigInteger(1, bytes), ApiKeyFormat.RANDOM_LENGTH));
    }
}
