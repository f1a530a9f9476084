package com.cordiul.provisioning;

/**
 * Chime SDK Voice answered an operation on a SIP media application with an error (after the throttling retries).
 * The reason names the operation, Chime's error code and status, and Chime's own message, which tells the operator
 * what to fix (e.g. a Lambda function of another region, the quota of 30 per region).
 */
public final class SipMediaApplicationRefusedException extends ProvisioningException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;

    public SipMediaApplicationRefusedException(String operation, int status, String errorCode, String message) {
        super("Chime SDK Voice refused " + operation + ": " + errorCode + " (HTTP " + status + ")"
                + (message == null || message.isBlank() ? "" : ": " + message));
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The HTTP status Chime answered. */
    public int status() {
        return status;
    }

    /** Chime's error code, e.g. {@code BadRequestException}. */
    public String errorCode() {
        return errorCode;
    }
}
