package com.cordiul.api;

import com.cordiul.core.CordiulException;

/** The request body is larger than the API accepts. */
public final class PayloadTooLargeException extends CordiulException {

    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String message) {
        super("payload_too_large", message);
    }
}
