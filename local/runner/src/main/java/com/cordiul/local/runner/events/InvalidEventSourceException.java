package com.cordiul.local.runner.events;

/**
 * An event source the template declares that Lambda would refuse to create (CreateEventSourceMapping's
 * {@code InvalidParameterValueException}), or that the local stack cannot run: the stack does not start.
 */
public final class InvalidEventSourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidEventSourceException(String message) {
        super(message);
    }
}
