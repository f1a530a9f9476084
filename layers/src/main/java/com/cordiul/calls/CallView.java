package com.cordiul.calls;

import com.cordiul.core.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a call is shown to clients, the same in create, list and get: {@code id, status, contact_id, phone_number,
 * from_number, message?, duration, created_at, answered_at, ended_at, reason?}. Times are ISO-8601 UTC with
 * milliseconds; {@code duration} is whole seconds of talk time, null while the call is open.
 */
public final class CallView {

    private CallView() {
    }

    /** The call's JSON. */
    public static Map<String, Object> of(CallRecord call) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", call.id());
        view.put("status", call.status().value());
        view.put("contact_id", call.contactId());
        view.put("phone_number", call.phoneNumber());
        view.put("from_number", call.fromNumber());
        if (call.message() != null) {
            view.put("message", call.message());
        }
        view.put("duration", call.durationSeconds());
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
    public static Map<String, Object> page(CallQueries.CallPage page) {
        Map<String, Object> view = new LinkedHashMap<>();
        List<Object> calls = new ArrayList<>(page.calls().size());
        page.calls().forEach(call -> calls.add(of(call)));
        view.put("calls", calls);
        view.put("total", page.calls().size());
        view.put("has_more", page.hasMore());
        view.put("next_cursor", page.nextCursor());
        return view;
    }

    private static void putTime(Map<String, Object> view, String name, Instant value) {
        view.put(name, value == null ? null : Timestamps.format(value));
    }
}
