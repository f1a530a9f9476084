package com.cordiul.calls;

import com.cordiul.core.InvalidRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The list endpoint's query: {@code limit} (1-5000, default 50), {@code status}, {@code contact_id},
 * {@code created_after} (inclusive), {@code created_before} (exclusive), {@code cursor}. Any other parameter, and
 * any malformed value, is a 400 naming the parameter.
 *
 * @param limit how many calls at most
 * @param status only calls in this status, if given
 * @param contactId only calls to this contact, if given
 * @param createdAfter only calls created at or after this instant, if given
 * @param createdBefore only calls created before this instant, if given
 * @param cursor where the previous page ended, if given
 */
public record CallListRequest(int limit, Optional<CallStatus> status, Optional<String> contactId,
                              Optional<Instant> createdAfter, Optional<Instant> createdBefore,
                              Optional<String> cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 5000;
    private static final Set<String> PARAMETERS =
            Set.of("limit", "status", "contact_id", "created_after", "created_before", "cursor");

    /**
     * Reads and validates the query parameters.
     *
     * @param names every parameter name the request gives
     * @param query a parameter's single value (refusing one given twice), as the API edge reads it
     */
    public static CallListRequest parse(Set<String> names, Function<String, Optional<String>> query) {
        for (String name : names) {
            if (!PARAMETERS.contains(name)) {
                throw new InvalidRequestException(name, "Unknown query parameter '" + name + "'; the parameters are "
                        + "limit, status, contact_id, created_after, created_before and cursor.");
            }
        }
        int limit = query.apply("limit").map(CallListRequest::limit).orElse(DEFAULT_LIMIT);
        Optional<CallStatus> status = query.apply("status").map(value -> CallStatus.fromValue(value)
                .orElseThrow(() -> new InvalidRequestException("status", "status must be one of: "
                        + java.util.Arrays.stream(CallStatus.values()).map(CallStatus::value)
                        .collect(Collectors.joining(", ")) + ".")));
        Optional<String> contactId = query.apply("contact_id");
        contactId.ifPresent(c -> CreateCallRequest.requireContactId("contact_id", c));
        Optional<Instant> after = query.apply("created_after").map(v -> instant("created_after", v));
        Optional<Instant> before = query.apply("created_before").map(v -> instant("created_before", v));
        if (after.isPresent() && before.isPresent() && !after.get().isBefore(before.get())) {
            throw new InvalidRequestException("created_after", "created_after must be earlier than created_before.");
        }
        Optional<String> cursor = query.apply("cursor");
        if (cursor.isPresent() && cursor.get().isEmpty()) {
            throw new InvalidRequestException("cursor", "cursor must not be empty; leave it out for the first page.");
        }
        return new CallListRequest(limit, status, contactId, after, before, cursor);
    }

    /** The filters, in one canonical string: a cursor is valid only with the filters it was issued for. */
    String filterSignature() {
        return "status=" + status.map(CallStatus::value).orElse("") + "\ncontact_id=" + contactId.orElse("")
                + "\ncreated_after=" + createdAfter.map(Instant::toString).orElse("")
                + "\ncreated_before=" + createdBefore.map(Instant::toString).orElse("");
    }

    /** The smallest id in range. */
    String lowestId() {
        return CallIds.lowest(createdAfter.map(CallListRequest::ceilMillis).orElse(Instant.EPOCH));
    }

    /** The largest id in range, or empty when the range holds no millisecond at all. */
    Optional<String> highestId() {
        if (createdBefore.isEmpty()) {
            return Optional.of(CallIds.highest(Instant.ofEpochMilli((1L << 48) - 1)));
        }
        Instant lastMillis = ceilMillis(createdBefore.get()).minusMillis(1);
        return lastMillis.isBefore(Instant.EPOCH) ? Optional.empty() : Optional.of(CallIds.highest(lastMillis));
    }

    private static Instant ceilMillis(Instant instant) {
        Instant floor = instant.truncatedTo(ChronoUnit.MILLIS);
        return floor.equals(instant) ? floor : floor.plusMillis(1);
    }

    private static int limit(String value) {
        if (!value.matches("^[0-9]{1,4}$") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_LIMIT) {
            throw new InvalidRequestException("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ".");
        }
        return Integer.parseInt(value);
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name, name + " must be an ISO-8601 instant, e.g. "
                    + "2024-01-09T20:00:00Z.");
        }
    }
}
