package com.cordiul.local.cloudformation;

/**
 * A custom resource that could not be provisioned because its provider answered {@code FAILED} (or an answer
 * CloudFormation would not take), or because CloudFormation itself refuses the change: the local stack does not
 * start, and the message carries the provider's {@code Reason}.
 */
public final class CustomResourceFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String logicalId;
    private final String reason;

    CustomResourceFailedException(String logicalId, String resourceType, String requestType, String reason) {
        super(logicalId + " (" + resourceType + "): " + requestType + " FAILED: " + reason);
        this.logicalId = logicalId;
        this.reason = reason;
    }

    /** The resource's logical id. */
    public String logicalId() {
        return logicalId;
    }

    /** The {@code Reason} the provider answered (or CloudFormation's). */
    public String reason() {
        return reason;
    }
}
