package com.cordiul.calls;

import com.cordiul.core.Timestamps;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The calls table's item layout. Besides the record's own fields, each item carries the keys of the indexes that
 * answer the list filters and the sweeper, derived from the status at every write:
 * {@code owner_status}, {@code owner_contact} (both with {@code id} as range key), the derived {@code status} (the
 * contact-and-status list's filter), and {@code open_status} + {@code status_since} (epoch ms), present only while
 * the call is not terminal, which makes the sweeper's index sparse. {@code transaction_id} feeds the
 * {@code by-transaction} index. A call that waits on the dial queue (not dialed yet) is {@code initiating} to
 * clients but {@link #WAITING} in {@code open_status}, with its creation as {@code status_since}: the sweeper gives
 * it a limit of its own, and a dialed call's staleness counts from its dial.
 *
 * <p>The list's two indexes ({@code by-status}, {@code by-contact}) project {@link #VIEW_ATTRIBUTES} only, not the
 * whole item: a write that changes none of them (an outbox mark cleared, {@code event_seq}, the dial claim's token,
 * the version) then rewrites no index copy, and each copy is smaller. {@link #listedView} reads such an index item;
 * template.yaml's {@code NonKeyAttributes} must name exactly these attributes (a layer test checks both).
 */
public final class CallItems {

    public static final String OWNER = "owner";
    public static final String ID = "id";
    public static final String VERSION = "version";
    public static final String INDEX_BY_STATUS = "by-status";
    public static final String INDEX_BY_CONTACT = "by-contact";
    public static final String INDEX_BY_TRANSACTION = "by-transaction";
    public static final String INDEX_BY_OPEN_STATUS = "by-open-status";
    public static final String OWNER_STATUS = "owner_status";
    public static final String OWNER_CONTACT = "owner_contact";
    /** The status the facts add up to, derived at every write: the contact-and-status list's filter. */
    public static final String STATUS = "status";
    public static final String TRANSACTION_ID = "transaction_id";
    public static final String OPEN_STATUS = "open_status";
    public static final String STATUS_SINCE = "status_since";
    public static final String DIALED_AT = "dialed_at";
    /** The customer's metadata (a map of strings), only on a call that has some. */
    public static final String METADATA = "metadata";
    /** The sequence of the last status event the call emitted (its outbox counter); absent before the first. */
    public static final String EVENT_SEQ = "event_seq";
    /** The outbox mark's lane: present only while the event of {@link #EVENT_SEQ} may not be published yet. */
    public static final String EVENT_LANE = "event_lane";
    /** When that status change was stored (epoch ms): the event's {@code created_at}; present with the lane. */
    public static final String EVENT_AT = "event_at";
    /** The sparse index of calls whose last status event may not be published yet. */
    public static final String INDEX_BY_PENDING_EVENT = "by-pending-event";
    /** Lanes of that index: a few partition keys rather than one. */
    public static final int EVENT_LANES = 4;
    /** {@code open_status} of a call not dialed yet; never a status clients see. */
    public static final String WAITING = "waiting";

    private CallItems() {
    }

    /** {@code owner#status}: the hash key of the by-status index. Contact ids and statuses never hold '#'. */
    public static String ownerStatus(String owner, CallStatus status) {
        return owner + "#" + status.value();
    }

    /** {@code owner#contact}: the hash key of the by-contact index. */
    public static String ownerContact(String owner, String contactId) {
        return owner + "#" + contactId;
    }

    /**
     * The attributes a call's view ({@link CallView}) is derived from, besides the keys: what the {@code by-status}
     * and {@code by-contact} indexes project ({@code by-contact} also {@link #STATUS}, its filter), and what
     * {@link CallQueries#countWaiting}'s filter reads on {@code by-status} ({@code dialed_at}, {@code transaction_id},
     * {@code cancel_requested_at}). Left out: {@code dial_claim} (set and removed with {@code dialed_at}),
     * {@code version}, the outbox attributes and the derived index keys, none of which the view shows.
     * {@code cancel_requested_at} is the one attribute here that can change without the view (a cancel of a dialed
     * call): the status at the hangup is derived from it (normal clearing after a cancel is {@code canceled}).
     */
    public static final List<String> VIEW_ATTRIBUTES = List.of("contact_id", "phone_number", "from_number",
            "message", METADATA, "created_at", TRANSACTION_ID, "queued_at", "ringing_at", "answered_at", "hangup_at",
            "hangup_code", "failed_at", "failure_reason", DIALED_AT, "cancel_requested_at");

    /** The whole item for a record. */
    public static Map<String, AttributeValue> toItem(CallRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        CallStatus status = r.status();
        item.put(OWNER, s(r.owner()));
        item.put(ID, s(r.id()));
        item.put("contact_id", s(r.contactId()));
        item.put("phone_number", s(r.phoneNumber()));
        item.put("from_number", s(r.fromNumber()));
        putIfPresent(item, "message", r.message());
        if (!r.metadata().isEmpty()) {
            Map<String, AttributeValue> metadata = new HashMap<>();
            r.metadata().forEach((k, v) -> metadata.put(k, s(v)));
            item.put(METADATA, AttributeValue.fromM(metadata));
        }
        item.put("created_at", s(Timestamps.format(r.createdAt())));
        putIfPresent(item, TRANSACTION_ID, r.transactionId());
        putIfPresent(item, "queued_at", r.queuedAt());
        putIfPresent(item, "ringing_at", r.ringingAt());
        putIfPresent(item, "answered_at", r.answeredAt());
        putIfPresent(item, "hangup_at", r.hangupAt());
        if (r.hangupCode() != null) {
            item.put("hangup_code", n(r.hangupCode()));
        }
        putIfPresent(item, "failed_at", r.failedAt());
        putIfPresent(item, "failure_reason", r.failureReason());
        putIfPresent(item, DIALED_AT, r.dialedAt());
        putIfPresent(item, "dial_claim", r.dialClaim());
        putIfPresent(item, "cancel_requested_at", r.cancelRequestedAt());
        item.put(VERSION, n(r.version()));
        // Derived, for readers and indexes:
        item.put(STATUS, s(status.value()));
        item.put(STATUS_SINCE, n(r.statusSince().toEpochMilli()));
        item.put(OWNER_STATUS, s(ownerStatus(r.owner(), status)));
        item.put(OWNER_CONTACT, s(ownerContact(r.owner(), r.contactId())));
        if (!status.isTerminal()) {
            item.put(OPEN_STATUS, s(openStatus(r)));
        }
        return item;
    }

    /** The {@code open_status} of a call that is not terminal: its status, or {@link #WAITING} before its dial. */
    public static String openStatus(CallRecord r) {
        return r.status() == CallStatus.INITIATING && !r.dialed() ? WAITING : r.status().value();
    }

    /** The record an item holds. */
    public static CallRecord fromItem(Map<String, AttributeValue> item) {
        return new CallRecord(str(item, OWNER), str(item, ID), str(item, "contact_id"), str(item, "phone_number"),
                str(item, "from_number"), str(item, "message"), metadata(item), instant(item, "created_at"),
                str(item, TRANSACTION_ID), instant(item, "queued_at"), instant(item, "ringing_at"),
                instant(item, "answered_at"), instant(item, "hangup_at"), integer(item, "hangup_code"),
                instant(item, "failed_at"), str(item, "failure_reason"), instant(item, DIALED_AT),
                str(item, "dial_claim"), instant(item, "cancel_requested_at"),
                item.containsKey(VERSION) ? Long.parseLong(item.get(VERSION).n()) : 0);
    }

    /**
     * The view of a call from an item of the {@code by-status} or {@code by-contact} index, which holds the keys and
     * {@link #VIEW_ATTRIBUTES} only: the same view as the whole item's. Never a record to write back (it lacks the
     * dial claim and the version).
     */
    public static CallView listedView(Map<String, AttributeValue> item) {
        return CallView.of(fromItem(item));
    }

    /** The outbox lane of a call. */
    public static String eventLane(String id) {
        return "lane#" + Math.floorMod(id.hashCode(), EVENT_LANES);
    }

    /** Adds the outbox attributes: the event sequence, and the mark while its event is {@code pendingSince}. */
    static void putEventMark(Map<String, AttributeValue> item, long sequence, Instant pendingSince) {
        if (sequence > 0) {
            item.put(EVENT_SEQ, n(sequence));
        }
        if (pendingSince != null) {
            item.put(EVENT_LANE, s(eventLane(item.get(ID).s())));
            item.put(EVENT_AT, n(pendingSince.toEpochMilli()));
        }
    }

    /** The item's event sequence, 0 before its first event. */
    static long eventSequence(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(EVENT_SEQ);
        return v == null ? 0 : Long.parseLong(v.n());
    }

    /** When the item's last status change was stored if its event may not be published yet, else null. */
    static Instant eventPendingSince(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(EVENT_AT);
        return v == null || !item.containsKey(EVENT_LANE) ? null : Instant.ofEpochMilli(Long.parseLong(v.n()));
    }

    private static Map<String, String> metadata(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(METADATA);
        if (v == null || !v.hasM()) {
            return Map.of();
        }
        Map<String, String> metadata = new HashMap<>();
        v.m().forEach((k, value) -> metadata.put(k, value.s()));
        return metadata;
    }

    /** The primary key of a call. */
    public static Map<String, AttributeValue> key(String owner, String id) {
        return Map.of(OWNER, s(owner), ID, s(id));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, s(Timestamps.format(value)));
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : Instant.parse(v);
    }

    private static Integer integer(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : Integer.valueOf(v.n());
    }
}
