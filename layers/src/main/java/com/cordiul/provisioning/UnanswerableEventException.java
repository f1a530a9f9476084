package com.cordiul.provisioning;

/**
 * The invocation is no CloudFormation custom-resource request that can be answered: it is not JSON, or it has no
 * usable {@code ResponseURL} (an HTTPS URL; plain HTTP only to a loopback host, for local stacks). Nothing can be
 * told to CloudFormation; the function logs it and ends.
 */
public final class UnanswerableEventException extends ProvisioningException {

    private static final long serialVersionUID = 1L;

    public UnanswerableEventException(String reason) {
        super(reason);
    }
}
