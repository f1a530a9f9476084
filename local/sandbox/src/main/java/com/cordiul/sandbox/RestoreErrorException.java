package com.cordiul.sandbox;

/** The runtime reported a restore error ({@code POST /runtime/restore/error}): an afterRestore hook failed. */
public final class RestoreErrorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RestoreErrorException(String body) {
        super("Function restore failed: " + body);
    }
}
