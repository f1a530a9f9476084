package com.cordiul.provisioning;

/**
 * Base of every failure a custom resource reports to CloudFormation. The message is the {@code Reason} the stack's
 * events show the operator: written for them, never a stack trace, never a secret (no pre-signed URL).
 */
public abstract class ProvisioningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected ProvisioningException(String reason) {
        super(reason, null, false, false);
    }

    protected ProvisioningException(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
