package com.cordiul.identity;

import com.cordiul.core.CordiulException;

/** The request carries no credential, or one that is malformed, unknown, revoked or expired. */
public final class UnauthenticatedException extends CordiulException {

    private static final long serialVersionUID = 1L;

    private final boolean malformedKey;

    public UnauthenticatedException(String message) {
        this(message, false);
    }

    private UnauthenticatedException(String message, boolean malformedKey) {
        super("unauthorized", message);
        this.malformedKey = malformedKey;
    }

    /** An API key refused before any read: its form or its checksum is wrong (mistyped, invented, truncated). */
    public static UnauthenticatedException malformedKey(String message) {
        return new UnauthenticatedException(message, true);
    }

    /** Whether the key was refused on its form or checksum alone. */
    public boolean malformedKey() {
        return malformedKey;
    }
}
