package com.cordiul.api;

import com.cordiul.core.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code {success, data, error}} body every response carries. */
public final class Envelope {

    private Envelope() {
    }

    /** A success body around data: JSON values as {@link Json} writes them. */
    public static String success(Object data) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("success", true);
        root.put("data", data);
        root.put("error", null);
        return Json.write(root);
    }

    /** An error body; {@code field} may be null. */
    public static String error(String code, String message, String field, String requestId) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("success", false);
        root.put("data", null);
        Map<String, Object> error = new LinkedHashMap<>();
        root.put("error", error);
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        error.put("request_id", requestId);
        return Json.write(root);
    }
}
