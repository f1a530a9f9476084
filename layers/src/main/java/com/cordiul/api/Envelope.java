package com.cordiul.api;

import com.cordiul.core.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code {success, data, error}} body every response carries. */
public final class Envelope {

    private Envelope() {
    }

    /** A success body around data. */
    public static String success(Object data) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("success", true);
        root.set("data", Json.mapper().valueToTree(data));
        root.putNull("error");
        return write(root);
    }

    /** An error body; {@code field} may be null. */
    public static String error(String code, String message, String field, String requestId) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("success", false);
        root.putNull("data");
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        error.put("request_id", requestId);
        return write(root);
    }

    private static String write(ObjectNode root) {
        try {
            return Json.mapper().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Envelope could not be written", e);
        }
    }
}
