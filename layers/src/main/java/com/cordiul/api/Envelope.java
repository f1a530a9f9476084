package com.cordiul.api;

import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;

/** The {@code {success, data, error}} body every response carries. */
public final class Envelope {

    private Envelope() {
    }

    /** A success body around data: a JSON value as {@link Json} writes it (an operation's {@link JsonWritable}). */
    public static String success(Object data) {
        return Json.write(new Success(data));
    }

    /** An error body; {@code field} may be null. */
    public static String error(String code, String message, String field, String requestId) {
        return Json.write(new Failure(new Error(code, message, field, requestId)));
    }

    /** {@code {"success":true,"data":...,"error":null}}. */
    private record Success(Object data) implements JsonWritable {
        @Override
        public void writeJson(JsonWriter out) {
            out.field("success", true).field("data", data).field("error", null);
        }
    }

    /** {@code {"success":false,"data":null,"error":{...}}}. */
    private record Failure(Error error) implements JsonWritable {
        @Override
        public void writeJson(JsonWriter out) {
            out.field("success", false).field("data", null).field("error", error);
        }
    }

    /** {@code {"code","message","field"?,"request_id"}}. */
    private record Error(String code, String message, String field, String requestId) implements JsonWritable {
        @Override
        public void writeJson(JsonWriter out) {
            out.field("code", code).field("message", message).optionalField("field", field)
                    .field("request_id", requestId);
        }
    }
}
