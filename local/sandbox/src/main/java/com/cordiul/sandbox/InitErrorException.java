package com.cordiul.sandbox;

/** The runtime reported an init error ({@code POST /runtime/init/error}): the function never became ready. */
public final class InitErrorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InitErrorException(String body) {
        super("Function init failed: " + body);
    }
}
