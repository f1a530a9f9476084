package com.cordiul.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A successful outcome of an operation, before it is rendered into the envelope.
 *
 * @param status the HTTP status, 2xx
 * @param data the envelope's {@code data}: a JSON value as {@link com.cordiul.core.Json} writes it
 * @param headers extra response headers
 */
public record ApiResult(int status, Object data, Map<String, String> headers) {

    public ApiResult {
        headers = Map.copyOf(headers);
    }

    /** 200 with data. */
    public static ApiResult ok(Object data) {
        return new ApiResult(200, data, Map.of());
    }

    /** 201 with data. */
    public static ApiResult created(Object data) {
        return new ApiResult(201, data, Map.of());
    }

    /** The same result with one more header. */
    public ApiResult withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResult(status, data, copy);
    }
}
