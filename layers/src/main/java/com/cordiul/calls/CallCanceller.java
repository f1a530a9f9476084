package com.cordiul.calls;

import com.cordiul.chime.ChimeCallUpdater;
import com.cordiul.logging.Log;
import java.time.Clock;

/**
 * Cancels calls. A call that waits on the dial queue is canceled at once, in one conditional write: the dialer's
 * claim requires a call that is not canceled, so of the two exactly one wins, and a canceled call is never dialed. A
 * dialed call is hung up: the cancel is recorded first ({@code cancel_requested_at}), then Chime is asked
 * (UpdateSipMediaApplicationCall) when its transaction is known; the call-status handler answers the resulting
 * CALL_UPDATE_REQUESTED, and any later CALL_ANSWERED of the call, with a Hangup. Chime does not hang up a call that
 * is still ringing, which then ends as the far end decides. Repeating a cancel is harmless.
 */
public class CallCanceller {

    /** Detail of a call canceled while it waited. */
    public static final String CANCELED_DETAIL = "The call was canceled before it was dialed; it will not be dialed.";
    /** Detail of a dialed call whose hangup was requested. */
    public static final String HANGUP_DETAIL = "Hangup requested. An answered call ends now (completed, with its "
            + "real duration); a call that is still ringing cannot be hung up by the telephony provider and ends as "
            + "the far end decides (answered calls are then hung up at once).";
    /** Detail of a dialed call Chime has not reported yet. */
    public static final String PENDING_DETAIL = "The call is being dialed. Cancel recorded: it is hung up as soon as "
            + "it is answered; while it rings it ends as the far end decides.";
    /** Detail of a call that had ended when it was canceled again. */
    public static final String ENDED_DETAIL = "The call has ended; its status says how.";

    private final CallStore store;
    private final ChimeCallUpdater updater;
    private final Clock clock;

    public CallCanceller(CallStore store, ChimeCallUpdater updater, Clock clock) {
        this.store = store;
        this.updater = updater;
        this.clock = clock;
    }

    /** Cancels the owner's call; another owner's call and a missing one are both a 404. */
    public CancelResult cancel(String owner, String id) {
        if (!CallIds.isWellFormed(id)) {
            throw notFound();
        }
        CallRecord current = store.find(owner, id).orElseThrow(CallCanceller::notFound);
        if (current.status().isTerminal()) {
            return ended(current);
        }
        CallRecord call = store.update(owner, id, r -> r.requestCancel(clock.instant()))
                .orElseThrow(CallCanceller::notFound);
        Log.put("call_id", id);
        if (call.status().isTerminal()) {
            Log.info("call canceled", "status", call.status().value(), "dialed", call.dialed());
            return ended(call);
        }
        if (call.transactionId() == null) {
            Log.info("cancel recorded; the call's transaction is not known yet");
            return new CancelResult(202, CallView.detailed(call, PENDING_DETAIL));
        }
        ChimeCallUpdater.Outcome outcome = updater.requestHangup(call.transactionId());
        return switch (outcome) {
            case REQUESTED -> new CancelResult(202, CallView.detailed(call, HANGUP_DETAIL));
            case ENDED -> new CancelResult(202, CallView.detailed(store.find(owner, id).orElse(call),
                    HANGUP_DETAIL));
            case THROTTLED -> throw new TelephonyBusyException("The cancel is recorded, but the telephony provider "
                    + "is throttling hangup requests. Retry the cancel after the Retry-After delay; repeating it is "
                    + "harmless.", 1);
            case REFUSED -> throw new TelephonyConfigurationException("The cancel is recorded, but the telephony "
                    + "provider refused Cordiul's hangup request; the call ends as the far end decides.");
            default -> throw new HangupNotConfirmedException("The cancel is recorded, but the telephony provider "
                    + "did not confirm the hangup request. Retry the cancel; repeating it is harmless.");
        };
    }

    /** An ended call: canceled earlier, the same answer again; otherwise not cancelable. */
    private static CancelResult ended(CallRecord call) {
        if (call.cancelRequestedAt() == null) {
            throw new CallNotCancelableException("The call has already ended (" + call.status().value()
                    + "); there is nothing to cancel.");
        }
        return new CancelResult(200, CallView.detailed(call, call.status() == CallStatus.CANCELED && !call.dialed()
                ? CANCELED_DETAIL : ENDED_DETAIL));
    }

    private static CallNotFoundException notFound() {
        return new CallNotFoundException("No call with this id exists.");
    }
}
