package com.cordiul.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything Cordiul knows about one call: what was asked for, and the facts learned since. The status, its start
 * time, the end time and the duration are derived from the facts, never stored independently of them, so a
 * record cannot contradict itself.
 *
 * @param owner the account that placed the call
 * @param id {@code call_} + a time-sortable id
 * @param contactId the customer's contact id
 * @param phoneNumber the destination, E.164
 * @param fromNumber the caller number, E.164
 * @param message what the call says when answered, or null for the stack's default greeting
 * @param createdAt when the call was recorded
 * @param transactionId Chime's transaction id, once the dial was accepted
 * @param queuedAt first NEW_OUTBOUND_CALL seen
 * @param ringingAt first RINGING seen
 * @param answeredAt first CALL_ANSWERED seen
 * @param hangupAt first HANGUP seen
 * @param hangupCode that hangup's SIP response code
 * @param failedAt when Cordiul declared the call failed (dial refused, or swept as stale)
 * @param failureReason why, in words a customer can act on
 * @param version optimistic-concurrency version of the stored item (0 before it is first stored)
 */
public record CallRecord(String owner, String id, String contactId, String phoneNumber, String fromNumber,
                         String message, Instant createdAt, String transactionId, Instant queuedAt,
                         Instant ringingAt, Instant answeredAt, Instant hangupAt, Integer hangupCode,
                         Instant failedAt, String failureReason, long version) {

    public CallRecord {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(phoneNumber, "phoneNumber");
        Objects.requireNonNull(fromNumber, "fromNumber");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A call just recorded, before anything was dialed. */
    public static CallRecord initiating(String owner, String id, String contactId, String phoneNumber,
                                        String fromNumber, String message, Instant createdAt) {
        return new CallRecord(owner, id, contactId, phoneNumber, fromNumber, message, createdAt, null, null, null,
                null, null, null, null, null, 0);
    }

    /** The status the facts add up to. */
    public CallStatus status() {
        if (hangupAt != null) {
            if (answeredAt != null) {
                return CallStatus.COMPLETED;
            }
            return switch (hangupCode == null ? -1 : hangupCode) {
                case 486, 600 -> CallStatus.BUSY;
                case 480, 408 -> CallStatus.NO_ANSWER;
                case 487 -> CallStatus.CANCELED;
                default -> CallStatus.FAILED;
            };
        }
        if (failedAt != null) {
            return CallStatus.FAILED;
        }
        if (answeredAt != null) {
            return CallStatus.IN_PROGRESS;
        }
        if (ringingAt != null) {
            return CallStatus.RINGING;
        }
        return queuedAt != null ? CallStatus.QUEUED : CallStatus.INITIATING;
    }

    /** When the call entered its current status. */
    public Instant statusSince() {
        return switch (status()) {
            case INITIATING -> createdAt;
            case QUEUED -> queuedAt;
            case RINGING -> ringingAt;
            case IN_PROGRESS -> answeredAt;
            default -> endedAt();
        };
    }

    /** When the call ended, or null while it has not. */
    public Instant endedAt() {
        if (hangupAt != null) {
            return hangupAt;
        }
        return failedAt;
    }

    /** Talk time in whole seconds (answer to hangup, Cordiul's clock); 0 for an unanswered call; null while open. */
    public Long durationSeconds() {
        if (!status().isTerminal()) {
            return null;
        }
        if (answeredAt == null || hangupAt == null || hangupAt.isBefore(answeredAt)) {
            return 0L;
        }
        return Duration.between(answeredAt, hangupAt).getSeconds();
    }

    /** Why the call did not complete, for the failed, busy, no-answer and canceled statuses; else null. */
    public String reason() {
        CallStatus status = status();
        if (status == CallStatus.COMPLETED || !status.isTerminal()) {
            return null;
        }
        if (hangupAt == null) {
            return failureReason;
        }
        return switch (status) {
            case BUSY -> "The line was busy.";
            case NO_ANSWER -> "Nobody answered.";
            case CANCELED -> "The call was cancelled before it was answered.";
            default -> "The call ended before it was answered (SIP " + hangupCode + ").";
        };
    }

    /** This record with other facts; identity and request fields are kept. */
    CallRecord withFacts(String newTransactionId, Instant newQueuedAt, Instant newRingingAt, Instant newAnsweredAt,
                         Instant newHangupAt, Integer newHangupCode, Instant newFailedAt, String newFailureReason) {
        return new CallRecord(owner, id, contactId, phoneNumber, fromNumber, message, createdAt, newTransactionId,
                newQueuedAt, newRingingAt, newAnsweredAt, newHangupAt, newHangupCode, newFailedAt, newFailureReason,
                version);
    }

    /** This record at another stored version. */
    public CallRecord withVersion(long newVersion) {
        return new CallRecord(owner, id, contactId, phoneNumber, fromNumber, message, createdAt, transactionId,
                queuedAt, ringingAt, answeredAt, hangupAt, hangupCode, failedAt, failureReason, newVersion);
    }

    /** Whether two records hold the same facts, whatever their stored versions. */
    public boolean sameFactsAs(CallRecord other) {
        return withVersion(0).equals(other.withVersion(0));
    }
}
