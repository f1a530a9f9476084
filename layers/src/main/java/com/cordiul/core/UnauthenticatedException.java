package com.cordiul.core;

/** The request carries no credential, or one that is malformed, unknown, revoked or expired. */
public final class UnauthenticatedException extends CordiulException {

    private static final long serialVersionUID = 1L;

    public UnauthenticatedException(String message) {
        super("unauthorized", message);
    }
}
