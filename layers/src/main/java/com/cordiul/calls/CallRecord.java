package com.cordiul.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
 * @param metadata the customer's own keys and values ({@link CallMetadata}), empty when none
 * @param createdAt when the call was recorded
 * @param transactionId Chime's transaction id, once the dial was accepted
 * @param queuedAt first NEW_OUTBOUND_CALL seen
 * @param ringingAt first RINGING seen
 * @param answeredAt first CALL_ANSWERED seen
 * @param hangupAt first HANGUP seen
 * @param hangupCode that hangup's SIP response code
 * @param failedAt when Cordiul declared the call failed (dial refused, or swept as stale)
 * @param failureReason why, in words a customer can act on
 * @param dialedAt when the dialer sent (or was about to send) CreateSipMediaApplicationCall: set by its claim,
 *                 before the request, and only while unset; null while the call waits on the dial queue
 * @param dialClaim the token of the dialer attempt that claimed the dial (never shown to clients), or null
 * @param cancelRequestedAt when the owner asked to cancel the call, or null
 * @param version optimistic-concurrency version of the stored item (0 before it is first stored)
 */
public record CallRecord(String owner, String id, String contactId, String phoneNumber, String fromNumber,
                         String message, Map<String, String> metadata, Instant createdAt, String transactionId,
                         Instant queuedAt, Instant ringingAt, Instant answeredAt, Instant hangupAt, Integer hangupCode,
                         Instant failedAt, String failureReason, Instant dialedAt, String dialClaim,
                         Instant cancelRequestedAt, long version) {

    /** Why a call canceled while it waited on the dial queue ended. */
    public static final String CANCELED_BEFORE_DIAL = "The call was canceled before it was dialed.";
    /** Why a call whose cancel took effect before an answer ended. */
    public static final String CANCELED_BEFORE_ANSWER = "The call was cancelled before it was answered.";

    public CallRecord {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(phoneNumber, "phoneNumber");
        Objects.requireNonNull(fromNumber, "fromNumber");
        Objects.requireNonNull(createdAt, "createdAt");
        metadata = CallMetadata.copyOf(metadata);
    }

    /** A call just recorded, before anything was dialed, without metadata. */
    public static CallRecord initiating(String owner, String id, String contactId, String phoneNumber,
                                        String fromNumber, String message, Instant createdAt) {
        return initiating(owner, id, contactId, phoneNumber, fromNumber, message, Map.of(), createdAt);
    }

    /** A call just recorded, before anything was dialed. */
    public static CallRecord initiating(String owner, String id, String contactId, String phoneNumber,
                                        String fromNumber, String message, Map<String, String> metadata,
                                        Instant createdAt) {
        return new CallRecord(owner, id, contactId, phoneNumber, fromNumber, message, metadata, createdAt,
                null, null, null, null, null, null, null, null, null, null, null, 0);
    }

    /**
     * Whether the call waits on the dial queue: recorded, not dialed (no claim, no sign of Chime), not canceled, not
     * ended. Only such a call may be claimed by the dialer or canceled without telephony.
     */
    public boolean waiting() {
        return dialedAt == null && transactionId == null && queuedAt == null && cancelRequestedAt == null
                && !status().isTerminal();
    }

    /** Whether a dial was ever claimed for it (it may have been placed): Chime's events or the sweeper settle it. */
    public boolean dialed() {
        return dialedAt != null || transactionId != null || queuedAt != null;
    }

    /** The status the facts add up to. */
    public CallStatus status() {
        if (hangupAt != null) {
            if (answeredAt != null) {
                return CallStatus.COMPLETED;
            }
            int code = hangupCode == null ? -1 : hangupCode;
            if (cancelRequestedAt != null && code == 0) {
                // Normal clearing before an answer, after the owner asked to cancel: our hangup took effect.
                return CallStatus.CANCELED;
            }
            return switch (code) {
                case 486, 600 -> CallStatus.BUSY;
                case 480, 408 -> CallStatus.NO_ANSWER;
                case 487 -> CallStatus.CANCELED;
                default -> CallStatus.FAILED;
            };
        }
        if (failedAt != null) {
            return CallStatus.FAILED;
        }
        if (canceledBeforeDial()) {
            return CallStatus.CANCELED;
        }
        if (answeredAt != null) {
            return CallStatus.IN_PROGRESS;
        }
        if (ringingAt != null) {
            return CallStatus.RINGING;
        }
        return queuedAt != null ? CallStatus.QUEUED : CallStatus.INITIATING;
    }

    /** Canceled while it waited: never dialed, and never will be. */
    private boolean canceledBeforeDial() {
        return cancelRequestedAt != null && !dialed() && answeredAt == null && ringingAt == null;
    }

    /** When the call entered its current status: a dialed call initiates from its dial, a waiting one from its
     * creation. */
    public Instant statusSince() {
        return switch (status()) {
            case INITIATING -> dialedAt != null ? dialedAt : createdAt;
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
        if (failedAt != null) {
            return failedAt;
        }
        return canceledBeforeDial() ? cancelRequestedAt : null;
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
            return failedAt == null && status == CallStatus.CANCELED ? CANCELED_BEFORE_DIAL : failureReason;
        }
        return switch (status) {
            case BUSY -> "The line was busy.";
            case NO_ANSWER -> "Nobody answered.";
            case CANCELED -> CANCELED_BEFORE_ANSWER;
            default -> "The call ended before it was answered (SIP " + hangupCode + ").";
        };
    }

    /** This record with other facts; identity and request fields are kept. */
    CallRecord withFacts(String newTransactionId, Instant newQueuedAt, Instant newRingingAt, Instant newAnsweredAt,
                         Instant newHangupAt, Integer newHangupCode, Instant newFailedAt, String newFailureReason) {
        return new CallRecord(owner, id, contactId, phoneNumber, fromNumber, message, metadata, createdAt,
                newTransactionId, newQueuedAt, newRingingAt, newAnsweredAt, newHangupAt, newHangupCode, newFailedAt,
                newFailureReason, dialedAt, dialClaim, cancelRequestedAt, version);
    }

    /**
     * The dialer's claim of the dial, made before the request: only a waiting call can be claimed, so a canceled,
     * ended or already claimed call is returned unchanged (the same instance), and two dialers never both win.
     */
    public CallRecord claimDial(Instant at, String token) {
        if (!waiting()) {
            return this;
        }
        return new CallRecord(owner, id, contactId, phoneNumber, fromNumber, message, metadata, createdAt,
                transactionId, queuedAt, ringingAt, answeredAt, hangupAt, hangupCode, failedAt, failureReason,
                Objects.requireNonNull(at, "at"), Objects.requireNonNull(token, "token"), cancelRequestedAt, version);
    }

    /**
     * Gives a claim back when Chime refused the dial without processing it (throttled, or at capacity): the call
     * waits again. Only the claim's own holder can release it, and only while nothing shows the call was placed;
     * otherwise the same instance.
     */
    public CallRecord releaseDial(String token) {
        if (!Objects.equals(dialClaim, token) || transactionId != null || queuedAt != null || status().isTerminal()) {
            return this;
        }
        return new CallRecord(owner, id, contactId, phoneNumber, fromNumber, message, metadata, createdAt,
                transactionId, queuedAt, ringingAt, answeredAt, hangupAt, hangupCode, failedAt, failureReason,
                null, null, cancelRequestedAt, version);
    }

    /**
     * The owner's request to cancel, kept at its earliest; an ended call is returned unchanged. A waiting call is
     * canceled by it at once (it is never dialed); a dialed one is to be hung up.
     */
    public CallRecord requestCancel(Instant at) {
        if (status().isTerminal() || cancelRequestedAt != null && !at.isBefore(cancelRequestedAt)) {
            return this;
        }
        return new CallRecord(owner, id, contactId, phoneNumber, fromNumber, message, metadata, createdAt,
                transactionId, queuedAt, ringingAt, answeredAt, hangupAt, hangupCode, failedAt, failureReason,
                dialedAt, dialClaim, at, version);
    }

    /** This record at another stored version. */
    public CallRecord withVersion(long newVersion) {
        return new CallRecord(owner, id, contactId, phoneNumber, fromNumber, message, metadata, createdAt,
                transactionId, queuedAt, ringingAt, answeredAt, hangupAt, hangupCode, failedAt, failureReason,
                dialedAt, dialClaim, cancelRequestedAt, newVersion);
    }

    /** Whether two records hold the same facts, whatever their stored versions. */
    public boolean sameFactsAs(CallRecord other) {
        return withVersion(0).equals(other.withVersion(0));
    }
}
