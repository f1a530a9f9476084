package com.cordiul.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * A response of the API that already passed the openapi.yaml check for its operation and status.
 *
 * @param operation the operation, e.g. {@code GET /api/calls/{id}}
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the body text
 */
record ContractResponse(String operation, int status, HttpHeaders headers, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body as JSON. */
    JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code data} of the envelope. */
    JsonNode data() {
        return json().path("data");
    }

    /** {@code error} of the envelope. */
    JsonNode error() {
        return json().path("error");
    }

    /** {@code error.code}, or null on a success. */
    String errorCode() {
        JsonNode code = error().get("code");
        return code == null ? null : code.asText();
    }

    /** {@code error.field}, or null. */
    String errorField() {
        JsonNode field = error().get("field");
        return field == null ? null : field.asText();
    }

    /** A response header. */
    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    @Override
    public String toString() {
        return operation + " -> " + status + " " + body;
    }
}
