package com.cordiul.calls;

import com.cordiul.core.Timestamps;
import com.cordiul.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * How a call is shown to clients, the same in create, list and get: {@code id, status, contact_id, phone_number,
 * from_number, message?, duration, created_at, answered_at, ended_at, reason?}. Times are ISO-8601 UTC with
 * milliseconds; {@code duration} is whole seconds of talk time, null while the call is open.
 */
public final class CallView {

    private CallView() {
    }

    /** The call's JSON. */
    public static ObjectNode of(CallRecord call) {
        ObjectNode view = Json.mapper().createObjectNode();
        view.put("id", call.id());
        view.put("status", call.status().value());
        view.put("contact_id", call.contactId());
        view.put("phone_number", call.phoneNumber());
        view.put("from_number", call.fromNumber());
        if (call.message() != null) {
            view.put("message", call.message());
        }
        Long duration = call.durationSeconds();
        if (duration == null) {
            view.putNull("duration");
        } else {
            view.put("duration", duration);
        }
        view.put("created_at", Timestamps.format(call.createdAt()));
        putTime(view, "answered_at", call.answeredAt());
        putTime(view, "ended_at", call.endedAt());
        String reason = call.reason();
        if (reason != null) {
            view.put("reason", reason);
        }
        return view;
    }

    /** A page of the list: {@code calls}, {@code total} (the number of calls in it), {@code has_more}, {@code
     * next_cursor}. */
    public static ObjectNode page(CallQueries.CallPage page) {
        ObjectNode view = Json.mapper().createObjectNode();
        var calls = view.putArray("calls");
        page.calls().forEach(call -> calls.add(of(call)));
        view.put("total", page.calls().size());
        view.put("has_more", page.hasMore());
        view.put("next_cursor", page.nextCursor());
        return view;
    }

    private static void putTime(ObjectNode view, String name, Instant value) {
        if (value == null) {
            view.putNull(name);
        } else {
            view.put(name, Timestamps.format(value));
        }
    }
}
