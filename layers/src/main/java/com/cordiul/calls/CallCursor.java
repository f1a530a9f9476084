package com.cordiul.calls;

import com.cordiul.core.InvalidRequestException;
import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The list's opaque cursor: base64url of {@code {"l": last id, "f": digest of owner and filters, "c": checksum}}.
 * A cursor altered, issued to another owner, or used with other filters is refused with a 400 naming
 * {@code cursor}. It cannot widen what a request reads anyway: every query is keyed by the caller's owner.
 */
final class CallCursor {

    private CallCursor() {
    }

    static String encode(String owner, CallListRequest query, String lastId) {
        String filters = filtersDigest(owner, query);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                Json.write(new Cursor(lastId, filters, checksum(lastId, filters))).getBytes(StandardCharsets.UTF_8));
    }

    /** The last id of the previous page. */
    static String decode(String owner, CallListRequest query, String cursor) {
        Object node;
        try {
            if (cursor.length() > 512) {
                throw new IllegalArgumentException("too long");
            }
            node = Json.parse(Base64.getUrlDecoder().decode(cursor));
        } catch (RuntimeException e) {
            throw invalid("cursor is not a cursor this API issued; use next_cursor from the previous page as is.");
        }
        if (!(node instanceof Map<?, ?> map) || !(map.get("l") instanceof String last)
                || !(map.get("f") instanceof String filters) || !(map.get("c") instanceof String check)) {
            throw invalid("cursor is not a cursor this API issued; use next_cursor from the previous page as is.");
        }
        if (!CallIds.isWellFormed(last) || !checksum(last, filters).equals(check)) {
            throw invalid("cursor has been altered; use next_cursor from the previous page as is.");
        }
        if (!filters.equals(filtersDigest(owner, query))) {
            throw invalid("cursor belongs to a listing with other filters; send the same status, contact_id, "
                    + "created_after and created_before as the first page.");
        }
        return last;
    }

    private static String filtersDigest(String owner, CallListRequest query) {
        return sha256(owner + "\n" + query.filterSignature()).substring(0, 32);
    }

    private static String checksum(String last, String filters) {
        return sha256("cordiul-cursor-v1\n" + last + "\n" + filters).substring(0, 16);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"l": last id, "f": filters digest, "c": checksum}}. */
    private record Cursor(String lastId, String filters, String checksum) implements JsonWritable {
        @Override
        public void writeJson(JsonWriter out) {
            out.field("l", lastId).field("f", filters).field("c", checksum);
        }
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException("cursor", message);
    }
}
