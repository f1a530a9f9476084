package com.cordiul.webhooks;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * An endpoint's signing secret as the Standard Webhooks specification writes it: {@code whsec_} + base64 of 32
 * random bytes (the specification asks for 24 to 64). The HMAC key is the decoded bytes. Shown to the customer only
 * in the answers of create and rotate-secret, stored so that deliveries can be signed, never logged or listed.
 */
public final class WebhookSecret {

    /** What every secret starts with. */
    public static final String PREFIX = "whsec_";
    /** Random bytes per secret. */
    public static final int BYTES = 32;

    private final SecureRandom random;

    public WebhookSecret(SecureRandom random) {
        this.random = random;
    }

    /** A generator on a fresh {@link SecureRandom}. */
    public static WebhookSecret secure() {
        return new WebhookSecret(new SecureRandom());
    }

    /** A new secret. */
    public String generate() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The HMAC key of a secret. */
    public static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not a webhook secret");
        }
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
}
