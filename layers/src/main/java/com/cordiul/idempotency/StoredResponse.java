package com.cordiul.idempotency;

/**
 * The first response to an idempotent request, kept to be replayed.
 *
 * @param status the HTTP status
 * @param kind {@code success} (body is the envelope's data) or {@code rejected} (body is the error message)
 * @param body the JSON data, or the error message
 */
public record StoredResponse(int status, String kind, String body) {

    /** A success response's kind. */
    public static final String SUCCESS = "success";
    /** A refused call's kind. */
    public static final String REJECTED = "rejected";
}
