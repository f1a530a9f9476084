package com.cordiul.provisioning;

/** The request's {@code ResourceProperties} (or {@code OldResourceProperties}) lack a property or give it badly. */
public final class InvalidResourcePropertiesException extends ProvisioningException {

    private static final long serialVersionUID = 1L;

    public InvalidResourcePropertiesException(String reason) {
        super(reason);
    }
}
