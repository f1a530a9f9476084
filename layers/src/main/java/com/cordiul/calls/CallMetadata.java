package com.cordiul.calls;

import com.cordiul.core.FreeText;
import com.cordiul.core.InvalidRequestException;
import com.cordiul.core.Json;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The customer's own data on a call ({@code metadata}: their ids, for correlation), stored with it and shown in every
 * view of it, so in every webhook event: at most {@link #MAX_ENTRIES} string keys and values. Keys are
 * {@link #KEY} (letters, digits, {@code _ - .}), values free text of one line ({@link FreeText}), each bounded. Keys
 * are kept sorted, so that two requests with the same metadata have the same fingerprint.
 */
public final class CallMetadata {

    /** The most entries a call carries. */
    public static final int MAX_ENTRIES = 20;
    /** The longest key, in characters. */
    public static final int MAX_KEY_CHARS = 40;
    /** The longest value, in characters (code points). */
    public static final int MAX_VALUE_CHARS = 500;
    /** What a key may be made of. */
    public static final Pattern KEY = Pattern.compile("^[A-Za-z0-9_.-]{1," + MAX_KEY_CHARS + "}$");
    private static final FreeText KEY_RULE = FreeText.singleLine("metadata", MAX_KEY_CHARS);

    private CallMetadata() {
    }

    /** The metadata of a request body's {@code metadata} value, validated; a refusal is a 400 naming the field. */
    public static Map<String, String> parse(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidRequestException("metadata", "metadata must be an object of string keys and values, not "
                    + Json.typeName(value) + ".");
        }
        if (map.size() > MAX_ENTRIES) {
            throw new InvalidRequestException("metadata", "metadata holds at most " + MAX_ENTRIES + " keys; it has "
                    + map.size() + ".");
        }
        Map<String, String> metadata = new TreeMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = (String) entry.getKey();
            KEY_RULE.require(key);
            if (!KEY.matcher(key).matches()) {
                throw new InvalidRequestException("metadata", "metadata keys must be 1 to " + MAX_KEY_CHARS
                        + " letters, digits, '_', '-' or '.'.");
            }
            String field = "metadata." + key;
            if (!(entry.getValue() instanceof String text)) {
                throw new InvalidRequestException(field, field + " must be a string, not "
                        + Json.typeName(entry.getValue()) + ".");
            }
            metadata.put(key, FreeText.singleLine(field, MAX_VALUE_CHARS).require(text));
        }
        return Collections.unmodifiableMap(metadata);
    }

    /** A sorted, unmodifiable copy; empty for null. */
    public static Map<String, String> copyOf(Map<String, String> metadata) {
        return metadata == null || metadata.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(metadata));
    }
}
