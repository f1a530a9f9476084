package com.cordiul.core;

/** The resource does not exist, or belongs to another owner: the two are indistinguishable on purpose. */
public final class NotFoundException extends CordiulException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super("not_found", message);
    }
}
