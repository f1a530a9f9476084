package com.cordiul.provisioning;

/** Chime SDK Voice gave no answer to an operation (connection refused, timeout): it may or may not have run it. */
public final class ChimeUnreachableException extends ProvisioningException {

    private static final long serialVersionUID = 1L;

    public ChimeUnreachableException(String operation, Throwable cause) {
        super("Chime SDK Voice did not answer " + operation + " (" + cause.getClass().getSimpleName() + ")", cause);
    }
}
