package com.cordiul.calls;

import com.cordiul.core.FreeText;
import com.cordiul.core.InvalidRequestException;
import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated create-call request.
 *
 * @param contactId the customer's contact id
 * @param phoneNumber the destination, E.164
 * @param fromNumber the caller number, E.164 (the default when none was asked for)
 * @param message what to say when answered, or null for the default greeting
 * @param metadata the customer's own keys and values ({@link CallMetadata}), empty when none
 */
public record CreateCallRequest(String contactId, String phoneNumber, String fromNumber, String message,
                                Map<String, String> metadata) implements JsonWritable {

    /** Contact ids: letters, digits and {@code _ - . :}; never '#', which separates index key parts. */
    public static final Pattern CONTACT_ID = Pattern.compile("^[A-Za-z0-9_.:-]{1,128}$");
    /** The longest message, in characters (code points). */
    public static final int MAX_MESSAGE_CHARS = 1000;
    private static final FreeText MESSAGE_RULE = FreeText.multiLine("message", MAX_MESSAGE_CHARS);

    private static final Set<String> FIELDS = Set.of("contact_id", "phone_number", "from_number", "message",
            "metadata");

    /** Metadata sorted and unmodifiable. */
    public CreateCallRequest {
        metadata = CallMetadata.copyOf(metadata);
    }

    /** A request without metadata. */
    public CreateCallRequest(String contactId, String phoneNumber, String fromNumber, String message) {
        this(contactId, phoneNumber, fromNumber, message, Map.of());
    }

    /** Validates the body; every refusal is a 400 naming the field. */
    public static CreateCallRequest parse(Map<String, Object> body, CallerNumbers numbers) {
        for (String name : body.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new InvalidRequestException(name, "Unknown field '" + truncate(name)
                        + "'; the fields are contact_id, phone_number, from_number, message and metadata.");
            }
        }
        String contactId = requiredString(body, "contact_id");
        requireContactId("contact_id", contactId);
        String phone = PhoneNumbers.requireE164("phone_number", requiredString(body, "phone_number"));
        Optional<String> requestedFrom = optionalString(body, "from_number")
                .map(f -> PhoneNumbers.requireE164("from_number", f));
        String from = numbers.resolve(requestedFrom);
        if (phone.equals(from)) {
            throw new InvalidRequestException("phone_number",
                    "phone_number and from_number are the same number; a call cannot dial its own caller number.");
        }
        String message = optionalString(body, "message").map(MESSAGE_RULE::require).orElse(null);
        Map<String, String> metadata = body.containsKey("metadata") ? CallMetadata.parse(body.get("metadata"))
                : Map.of();
        return new CreateCallRequest(contactId, phone, from, message, metadata);
    }

    /** Throws a 400 naming the field unless the value is a well-formed contact id. */
    public static void requireContactId(String field, String value) {
        if (!CONTACT_ID.matcher(value).matches()) {
            throw new InvalidRequestException(field,
                    field + " must be 1 to 128 letters, digits, '_', '-', '.' or ':'.");
        }
    }

    /** SHA-256 of the canonical request: two requests with the same fingerprint ask for the same call. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.write(this).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The canonical request, which {@link #fingerprint} hashes: every field, {@code message} null when absent. The
     * stored fingerprints of earlier requests hash exactly these bytes: keep the fields, their order and the null.
     * {@code metadata} (sorted by key) comes last and only when there is some, so a request without it hashes as
     * before.
     */
    @Override
    public void writeJson(JsonWriter out) {
        out.field("contact_id", contactId).field("phone_number", phoneNumber).field("from_number", fromNumber)
                .field("message", message);
        if (!metadata.isEmpty()) {
            out.field("metadata", metadata);
        }
    }

    private static String requiredString(Map<String, Object> body, String name) {
        return optionalString(body, name).orElseThrow(() -> new InvalidRequestException(name, name + " is required."));
    }

    private static Optional<String> optionalString(Map<String, Object> body, String name) {
        if (!body.containsKey(name)) {
            return Optional.empty();
        }
        if (!(body.get(name) instanceof String value)) {
            throw new InvalidRequestException(name, name + " must be a string, not " + Json.typeName(body.get(name))
                    + ".");
        }
        return Optional.of(value);
    }

    private static String truncate(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "...";
    }
}
