package com.cordiul.calls;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import com.cordiul.core.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How a call is shown to clients, the same in create, list, get, cancel and every webhook event: {@code id, status,
 * contact_id, phone_number, from_number, message?, metadata, duration, created_at, dialed_at, answered_at, ended_at,
 * reason?}, and {@code status_detail} when an answer needs to say more than the status (a cancel). Times are
 * ISO-8601 UTC with milliseconds; {@code duration} is whole seconds of talk time, null while the call is open. The
 * view is complete when it is made: nothing is added afterwards.
 *
 * @param id the call's id
 * @param status its status' wire name
 * @param contactId the customer's contact id
 * @param phoneNumber the destination
 * @param fromNumber the caller number
 * @param message what the call says, or null (left out) for the default greeting
 * @param metadata the customer's own keys and values, sorted by key ({@code {}} when none)
 * @param duration talk time in whole seconds, or null while the call is open
 * @param createdAt when the call was recorded
 * @param dialedAt when the dial request was sent, or null while the call waits on the dial queue
 * @param answeredAt when it was answered, or null
 * @param endedAt when it ended, or null
 * @param reason why it did not complete, or null (left out)
 * @param statusDetail what an answer adds to the status, or null (left out)
 */
public record CallView(String id, String status, String contactId, String phoneNumber, String fromNumber,
                       String message, Map<String, String> metadata, Long duration, String createdAt,
                       String dialedAt, String answeredAt, String endedAt, String reason, String statusDetail)
        implements JsonWritable {

    /** The view of a call. */
    public static CallView of(CallRecord call) {
        return of(call, null);
    }

    /** The view of a call with a detail that says more than its status (what a cancel did). */
    public static CallView detailed(CallRecord call, String statusDetail) {
        return of(call, statusDetail);
    }

    private static CallView of(CallRecord call, String statusDetail) {
        return new CallView(call.id(), call.status().value(), call.contactId(), call.phoneNumber(),
                call.fromNumber(), call.message(), call.metadata(), call.durationSeconds(),
                Timestamps.format(call.createdAt()), time(call.dialedAt()), time(call.answeredAt()),
                time(call.endedAt()), call.reason(), statusDetail);
    }

    /** A page of the list: {@code calls}, {@code total} (the number of calls in it), {@code has_more}, {@code
     * next_cursor}. */
    public static Page page(CallQueries.CallPage page) {
        return new Page(page.calls(), page.hasMore(), page.nextCursor());
    }

    @Override
    public void writeJson(JsonWriter out) {
        out.field("id", id).field("status", status).field("contact_id", contactId)
                .field("phone_number", phoneNumber).field("from_number", fromNumber)
                .optionalField("message", message).field("metadata", metadata).field("duration", duration)
                .field("created_at", createdAt).field("dialed_at", dialedAt).field("answered_at", answeredAt)
                .field("ended_at", endedAt)
                .optionalField("reason", reason).optionalField("status_detail", statusDetail);
    }

    private static String time(Instant value) {
        return value == null ? null : Timestamps.format(value);
    }

    /**
     * One page of the list as the API shows it.
     *
     * @param calls the calls, newest first
     * @param hasMore whether another page follows
     * @param nextCursor the cursor of the next page, or null
     */
    public record Page(List<CallView> calls, boolean hasMore, String nextCursor) implements JsonWritable {

        /** A defensive copy. */
        public Page {
            calls = List.copyOf(calls);
        }

        @Override
        public void writeJson(JsonWriter out) {
            out.field("calls", calls).field("total", calls.size()).field("has_more", hasMore)
                    .field("next_cursor", nextCursor);
        }
    }
}
