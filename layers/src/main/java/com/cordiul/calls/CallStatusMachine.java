package com.cordiul.calls;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * Folds a fact into a call record. Every fact is merged by keeping the earliest observation, so applying the same
 * facts in any order, any number of times, gives the same record: a duplicated event (Chime retries after 5 s),
 * one delivered late, or two handled at once can never move a call backwards. The status is derived from the
 * facts ({@link CallRecord#status()}) and its rank never decreases as facts are added; once terminal it stays
 * terminal, and only Chime's own word (a late answer or hangup) can change which terminal status it is.
 */
public final class CallStatusMachine {

    private static final Comparator<Instant> EARLIEST = Comparator.nullsLast(Comparator.naturalOrder());

    /** Applies one fact; returns the record unchanged (the same instance) when the fact adds nothing. */
    public CallRecord apply(CallRecord record, CallEvent event) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(event, "event");
        String transactionId = record.transactionId();
        Instant queuedAt = record.queuedAt();
        Instant ringingAt = record.ringingAt();
        Instant answeredAt = record.answeredAt();
        Instant hangupAt = record.hangupAt();
        Integer hangupCode = record.hangupCode();
        Instant failedAt = record.failedAt();
        String failureReason = record.failureReason();
        switch (event.type()) {
            case DIAL_ACCEPTED -> transactionId = smaller(transactionId, event.detail());
            case QUEUED -> queuedAt = earliest(queuedAt, event.at());
            case RINGING -> ringingAt = earliest(ringingAt, event.at());
            case ANSWERED -> answeredAt = earliest(answeredAt, event.at());
            case HANGUP -> {
                int code = event.sipCode() == null ? 0 : event.sipCode();
                if (hangupAt == null || event.at().isBefore(hangupAt)
                        || (event.at().equals(hangupAt) && code < hangupCode)) {
                    hangupAt = event.at();
                    hangupCode = code;
                }
            }
            case DIAL_REJECTED, SWEPT -> {
                if (failedAt == null || event.at().isBefore(failedAt)
                        || (event.at().equals(failedAt) && event.detail().compareTo(failureReason) < 0)) {
                    failedAt = event.at();
                    failureReason = event.detail();
                }
            }
            default -> throw new IllegalArgumentException("Unknown fact " + event.type());
        }
        CallRecord next = record.withFacts(transactionId, queuedAt, ringingAt, answeredAt, hangupAt, hangupCode,
                failedAt, failureReason);
        return next.equals(record) ? record : next;
    }

    private static Instant earliest(Instant current, Instant candidate) {
        return EARLIEST.compare(candidate, current) < 0 ? candidate : current;
    }

    private static String smaller(String current, String candidate) {
        // One call has one transaction id; if two ever arrive, keep one deterministically.
        return current == null || candidate.compareTo(current) < 0 ? candidate : current;
    }
}
