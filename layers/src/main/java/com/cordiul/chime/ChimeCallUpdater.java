package com.cordiul.chime;

import com.cordiul.logging.Log;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.ThrottledClientException;

/**
 * Asks Chime to hang a call up: UpdateSipMediaApplicationCall with {@link #HANGUP_ARGUMENTS}, which Chime delivers to
 * the SIP media application's handler as CALL_UPDATE_REQUESTED; the handler answers it with a Hangup. Asking twice is
 * harmless (a second Hangup of an ended call does nothing), so throttling is retried briefly (the quota is 5 per
 * second) and every other answer is reported as it is.
 */
public class ChimeCallUpdater {

    /** The update's arguments: what the call-status handler recognises as a request to hang up. */
    public static final Map<String, String> HANGUP_ARGUMENTS = Map.of("cordiul_action", "hangup");

    private final ChimeSdkVoiceClient chime;
    private final String sipMediaApplicationId;
    private final ThrottleRetry retry;

    public ChimeCallUpdater(ChimeSdkVoiceClient chime, String sipMediaApplicationId, ThrottleRetry retry) {
        this.chime = chime;
        this.sipMediaApplicationId = sipMediaApplicationId;
        this.retry = retry;
    }

    /** Reads the SIP media application: a request that changes nothing, for priming. */
    public void readSipMediaApplication() {
        chime.getSipMediaApplication(b -> b.sipMediaApplicationId(sipMediaApplicationId));
    }

    /** Requests the hangup of the call Chime knows by this transaction id. */
    public Outcome requestHangup(String transactionId) {
        for (int attempt = 1; ; attempt++) {
            try {
                chime.updateSipMediaApplicationCall(b -> b.sipMediaApplicationId(sipMediaApplicationId)
                        .transactionId(transactionId).arguments(HANGUP_ARGUMENTS));
                Log.info("chime accepted the hangup request", "transaction_id", transactionId, "attempts", attempt);
                return Outcome.REQUESTED;
            } catch (ThrottledClientException e) {
                if (attempt >= retry.maxAttempts()) {
                    Log.warn("chime throttled every hangup request", "attempts", attempt);
                    return Outcome.THROTTLED;
                }
                try {
                    Duration pause = retry.delayBeforeRetry().apply(attempt);
                    retry.sleeper().sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return Outcome.THROTTLED;
                }
            } catch (NotFoundException e) {
                Log.info("chime no longer knows the call: it ended", "transaction_id", transactionId);
                return Outcome.ENDED;
            } catch (AwsServiceException e) {
                Log.warn("chime refused the hangup request", "status", e.statusCode(), "error_type",
                        e.getClass().getSimpleName());
                return e.statusCode() >= 400 && e.statusCode() < 500 ? Outcome.REFUSED : Outcome.UNCERTAIN;
            } catch (SdkException e) {
                Log.warn("chime gave no answer to the hangup request", "error_type", e.getClass().getSimpleName());
                return Outcome.UNCERTAIN;
            }
        }
    }

    /** What became of a hangup request. */
    public enum Outcome {
        /** Chime took it: CALL_UPDATE_REQUESTED follows. */
        REQUESTED,
        /** Chime knows no such call any more: it ended. */
        ENDED,
        /** Chime kept throttling the request. */
        THROTTLED,
        /** Chime refused it for a reason of ours (permissions, configuration). */
        REFUSED,
        /** No usable answer (timeout, 5xx): it may have been taken. */
        UNCERTAIN
    }
}
