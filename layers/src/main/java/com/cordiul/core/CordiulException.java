package com.cordiul.core;

/**
 * Base of every failure the API reports to a client. Each subtype is one failure mode; the HTTP status is chosen
 * only at the edge ({@code com.cordiul.api.ErrorMapper}). The message is written for the client and must never hold
 * secrets or another exception's text.
 */
public abstract class CordiulException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    protected CordiulException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    protected CordiulException(String code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    /** A stable, machine-readable error code, e.g. {@code invalid_request}. */
    public String code() {
        return code;
    }
}
