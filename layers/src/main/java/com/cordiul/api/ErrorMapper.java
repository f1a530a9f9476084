package com.cordiul.api;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.calls.CallNotCancelableException;
import com.cordiul.calls.CallNotFoundException;
import com.cordiul.calls.CallNotRecordedException;
import com.cordiul.calls.CallRejectedException;
import com.cordiul.calls.HangupNotConfirmedException;
import com.cordiul.calls.TelephonyBusyException;
import com.cordiul.calls.TelephonyConfigurationException;
import com.cordiul.core.CordiulException;
import com.cordiul.core.InvalidRequestException;
import com.cordiul.dialqueue.QueueFullException;
import com.cordiul.dialqueue.QueueUnavailableException;
import com.cordiul.idempotency.IdempotencyKeyReusedException;
import com.cordiul.idempotency.RequestInProgressException;
import com.cordiul.identity.PermissionDeniedException;
import com.cordiul.identity.UnauthenticatedException;
import com.cordiul.keys.ApiKeyNotFoundException;
import com.cordiul.ratelimit.RateLimitedException;
import com.cordiul.webhooks.WebhookEndpointBusyException;
import com.cordiul.webhooks.WebhookEndpointLimitException;
import com.cordiul.webhooks.WebhookEndpointNotFoundException;
import software.amazon.awssdk.core.exception.SdkException;

/** The one place where failure modes become HTTP statuses. */
public final class ErrorMapper {

    /** What the client is told when something failed that it cannot act on. */
    public static final String INTERNAL_MESSAGE =
            "Something went wrong on our side. Please try again later; quote the request_id if it persists.";

    private ErrorMapper() {
    }

    /** The HTTP status for a failure. */
    public static int status(Throwable failure) {
        if (failure instanceof InvalidRequestException || failure instanceof CallRejectedException) {
            return 400;
        } else if (failure instanceof UnauthenticatedException) {
            return 401;
        } else if (failure instanceof PermissionDeniedException) {
            return 403;
        } else if (failure instanceof CallNotFoundException || failure instanceof ApiKeyNotFoundException
                || failure instanceof WebhookEndpointNotFoundException) {
            return 404;
        } else if (failure instanceof IdempotencyKeyReusedException || failure instanceof RequestInProgressException
                || failure instanceof WebhookEndpointLimitException
                || failure instanceof WebhookEndpointBusyException
                || failure instanceof CallNotCancelableException) {
            return 409;
        } else if (failure instanceof PayloadTooLargeException) {
            return 413;
        } else if (failure instanceof UnsupportedMediaTypeException) {
            return 415;
        } else if (failure instanceof RateLimitedException || failure instanceof QueueFullException) {
            return 429;
        } else if (failure instanceof TelephonyConfigurationException) {
            return 502;
        } else if (failure instanceof StoreUnavailableException || failure instanceof TelephonyBusyException
                || failure instanceof QueueUnavailableException || failure instanceof CallNotRecordedException
                || failure instanceof HangupNotConfirmedException || failure instanceof SdkException) {
            return 503;
        }
        return 500;
    }

    /** The error code for a failure. */
    public static String code(Throwable failure) {
        if (failure instanceof CordiulException e) {
            return e.code();
        }
        return failure instanceof SdkException ? "service_unavailable" : "internal_error";
    }

    /** The client-facing message: our own text for our exceptions, a fixed sentence for everything else. */
    public static String message(Throwable failure) {
        if (failure instanceof CordiulException e) {
            return e.getMessage();
        }
        if (failure instanceof SdkException) {
            return "A service Cordiul depends on is unavailable. Nothing was changed; please retry shortly.";
        }
        return INTERNAL_MESSAGE;
    }

    /** The field at fault, or null. */
    public static String field(Throwable failure) {
        return failure instanceof InvalidRequestException e ? e.field().orElse(null) : null;
    }
}
