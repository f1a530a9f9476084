package com.cordiul.provisioning;

/**
 * The answer could not be put to the {@code ResponseURL} (every attempt failed, or the URL refused it). The function
 * then fails, so that Lambda's retries of the asynchronous invocation try again: every operation is idempotent.
 */
public final class ResponseDeliveryException extends ProvisioningException {

    private static final long serialVersionUID = 1L;

    public ResponseDeliveryException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
