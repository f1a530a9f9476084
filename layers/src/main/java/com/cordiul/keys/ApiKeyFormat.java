package com.cordiul.keys;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The shape of an API key: {@code ck_live_}, 43 base62 characters of randomness (256 bits), then a 6-character
 * base62 CRC32 of everything before it. The checksum lets a mistyped, truncated or made-up key be refused without
 * touching the store; it is no secret and proves nothing about the key's validity.
 */
public final class ApiKeyFormat {

    /** What every key starts with; secret scanners can recognise it. */
    public static final String PREFIX = "ck_live_";

    /** Base62 characters of randomness: 62^43 > 2^256. */
    public static final int RANDOM_LENGTH = 43;

    /** Base62 characters of the checksum: 62^6 > 2^32. */
    public static final int CHECKSUM_LENGTH = 6;

    /** Length of every key. */
    public static final int LENGTH = PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;

    /** How much of a key is shown after creation: the prefix and 4 characters, far too few to use it. */
    public static final int START_LENGTH = PREFIX.length() + 4;

    private ApiKeyFormat() {
    }

    /** The key made of this random part: prefix, random part, checksum. */
    static String assemble(String random) {
        if (random.length() != RANDOM_LENGTH || !Base62.isBase62(random, 0, random.length())) {
            throw new IllegalArgumentException("The random part must be " + RANDOM_LENGTH + " base62 characters");
        }
        String body = PREFIX + random;
        return body + checksum(body);
    }

    /** Whether the text has a key's exact shape and a matching checksum. */
    public static boolean isWellFormed(String key) {
        if (key == null || key.length() != LENGTH || !key.startsWith(PREFIX)
                || !Base62.isBase62(key, PREFIX.length(), LENGTH)) {
            return false;
        }
        int checksumAt = LENGTH - CHECKSUM_LENGTH;
        return checksum(key.substring(0, checksumAt)).equals(key.substring(checksumAt));
    }

    /** The displayable beginning of a key, e.g. {@code ck_live_AbCd}. */
    public static String start(String key) {
        return key.substring(0, START_LENGTH);
    }

    static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return Base62.encode(crc.getValue(), CHECKSUM_LENGTH);
    }
}
