package com.cordiul.calls;

import com.cordiul.core.CordiulException;

/** The telephony provider refused Cordiul's own credentials or configuration: our fault, not the caller's. */
public final class TelephonyConfigurationException extends CordiulException {

    private static final long serialVersionUID = 1L;

    public TelephonyConfigurationException(String message) {
        super("telephony_unavailable", message);
    }
}
