package com.cordiul.webhooks.delivery;

import com.cordiul.webhooks.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a delivery as the Standard Webhooks specification says: {@code webhook-id} (the event id, the same on
 * every attempt), {@code webhook-timestamp} (Unix seconds of the attempt) and {@code webhook-signature}, a
 * space-separated list of {@code v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">}, one per secret that signs
 * (two during the day after a rotation).
 */
public final class WebhookSigner {

    /** The {@code User-Agent} of every delivery. */
    public static final String USER_AGENT = "Cordiul-Webhooks/1.0";

    private WebhookSigner() {
    }

    /** The headers of one attempt, in the order they are sent. */
    public static Map<String, String> headers(String eventId, long timestamp, String body, List<String> secrets) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", USER_AGENT);
        headers.put("webhook-id", eventId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        StringBuilder signatures = new StringBuilder();
        for (String secret : secrets) {
            if (signatures.length() > 0) {
                signatures.append(' ');
            }
            signatures.append(signature(secret, eventId, timestamp, body));
        }
        headers.put("webhook-signature", signatures.toString());
        return headers;
    }

    /** One {@code v1,...} signature. */
    public static String signature(String secret, String eventId, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(WebhookSecret.key(secret), "HmacSHA256"));
            byte[] digest = mac.doFinal((eventId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
