package com.cordiul.chime;

import com.cordiul.logging.Log;
import com.cordiul.logging.Redact;
import com.cordiul.telemetry.Metric;
import com.cordiul.telemetry.Metrics;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.AccessDeniedException;
import software.amazon.awssdk.services.chimesdkvoice.model.BadRequestException;
import software.amazon.awssdk.services.chimesdkvoice.model.ForbiddenException;
import software.amazon.awssdk.services.chimesdkvoice.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.chimesdkvoice.model.ThrottledClientException;
import software.amazon.awssdk.services.chimesdkvoice.model.UnauthorizedClientException;

/**
 * Places calls with CreateSipMediaApplicationCall and says what became of each: accepted, refused (not placed),
 * throttled (not placed, after retrying), or uncertain (may have been placed). Chime has no client token, so a
 * request that may have reached it is never sent again; only throttling is retried. The client must not retry by
 * itself ({@code AwsClients.chimeSdkVoice()} disables the SDK's retries).
 */
public class ChimeDialer {

    private final ChimeSdkVoiceClient chime;
    private final String sipMediaApplicationId;
    private final ThrottleRetry retry;

    public ChimeDialer(ChimeSdkVoiceClient chime, String sipMediaApplicationId, ThrottleRetry retry) {
        this.chime = chime;
        this.sipMediaApplicationId = sipMediaApplicationId;
        this.retry = retry;
    }

    /** Reads the SIP media application calls are placed through: a request that never dials, for priming. */
    public void readSipMediaApplication() {
        chime.getSipMediaApplication(b -> b.sipMediaApplicationId(sipMediaApplicationId));
    }

    /** Dials once (retrying only throttling); the arguments reach the SIP media application's handler. */
    public DialOutcome dial(String from, String to, Map<String, String> arguments) {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            DialOutcome outcome = attempt(from, to, arguments);
            if (!(outcome instanceof DialOutcome.Throttled)) {
                return answered(outcome, to, attempt, start);
            }
            Metrics.count(Metric.CHIME_THROTTLES);
            if (attempt >= retry.maxAttempts()) {
                return answered(new DialOutcome.Throttled(attempt), to, attempt, start);
            }
            Duration pause = retry.delayBeforeRetry().apply(attempt);
            // A throttle a pause cures is the jitter of the pace (the dialer's retries stay inside its slot): info.
            Log.info("chime throttled the dial; retrying", "to", Redact.phone(to), "attempt", attempt,
                    "pause_ms", pause.toMillis());
            try {
                retry.sleeper().sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answered(new DialOutcome.Throttled(attempt), to, attempt, start);
            }
        }
    }

    /** Chime's last answer: logged and counted ({@link Metric#DIAL_LATENCY} from the first attempt on). */
    private static DialOutcome answered(DialOutcome outcome, String to, int attempts, long start) {
        Metrics.time(Metric.DIAL_LATENCY, Duration.ofNanos(System.nanoTime() - start));
        String errorClass = errorClass(outcome);
        if (errorClass == null) {
            Metrics.count(Metric.CALLS_DIALED);
        } else {
            Metrics.count(Metric.CHIME_ERRORS, errorClass);
            if (!errorClass.equals("rejected")) {
                Metrics.count(Metric.DIAL_FAILURES);
            }
        }
        log(outcome, to, attempts);
        return outcome;
    }

    /** The {@link Metric#CHIME_ERRORS} class of an outcome; null when Chime accepted the dial. */
    static String errorClass(DialOutcome outcome) {
        if (outcome instanceof DialOutcome.Accepted) {
            return null;
        }
        if (outcome instanceof DialOutcome.Throttled) {
            return "throttled";
        }
        if (outcome instanceof DialOutcome.Uncertain) {
            return "uncertain";
        }
        return switch (((DialOutcome.Rejected) outcome).kind()) {
            case INVALID_REQUEST -> "rejected";
            case CAPACITY -> "capacity";
            case CONFIGURATION -> "configuration";
        };
    }

    private DialOutcome attempt(String from, String to, Map<String, String> arguments) {
        try {
            var response = chime.createSipMediaApplicationCall(b -> b.sipMediaApplicationId(sipMediaApplicationId)
                    .fromPhoneNumber(from).toPhoneNumber(to).argumentsMap(arguments));
            var call = response.sipMediaApplicationCall();
            if (call == null || call.transactionId() == null || call.transactionId().isBlank()) {
                // A 2xx without a transaction id: the call was probably placed, but Cordiul cannot tell.
                return new DialOutcome.Uncertain("2xx without a transaction id");
            }
            return new DialOutcome.Accepted(call.transactionId());
        } catch (ThrottledClientException e) {
            return new DialOutcome.Throttled(1);
        } catch (BadRequestException e) {
            return new DialOutcome.Rejected(DialOutcome.Rejection.INVALID_REQUEST, errorCode(e));
        } catch (ResourceLimitExceededException e) {
            return new DialOutcome.Rejected(DialOutcome.Rejection.CAPACITY, errorCode(e));
        } catch (UnauthorizedClientException | ForbiddenException | AccessDeniedException e) {
            return new DialOutcome.Rejected(DialOutcome.Rejection.CONFIGURATION, errorCode(e));
        } catch (AwsServiceException e) {
            if (e.statusCode() >= 400 && e.statusCode() < 500) {
                // Any other 4xx (e.g. an unknown SIP media application): refused, and not the caller's fault.
                return new DialOutcome.Rejected(DialOutcome.Rejection.CONFIGURATION, errorCode(e));
            }
            return new DialOutcome.Uncertain(errorCode(e) + " (" + e.statusCode() + ")");
        } catch (SdkException e) {
            // Timeouts and I/O errors: the request may have been delivered.
            return new DialOutcome.Uncertain(e.getClass().getSimpleName());
        }
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
    }

    private static void log(DialOutcome outcome, String to, int attempts) {
        String redacted = Redact.phone(to);
        if (outcome instanceof DialOutcome.Accepted a) {
            Log.info("chime accepted the dial", "to", redacted, "attempts", attempts,
                    "transaction_id", a.transactionId());
        } else if (outcome instanceof DialOutcome.Rejected r) {
            Log.warn("chime refused the dial", "to", redacted, "attempts", attempts, "kind", r.kind(),
                    "error_code", r.errorCode());
        } else if (outcome instanceof DialOutcome.Throttled t) {
            Log.warn("chime throttled every attempt", "to", redacted, "attempts", t.attempts());
        } else if (outcome instanceof DialOutcome.Uncertain u) {
            Log.warn("chime gave no usable answer; the call may have been placed", "to", redacted,
                    "attempts", attempts, "cause", u.cause());
        }
    }
}
