package com.cordiul.core;

import java.util.Optional;

/**
 * Input that fails validation: a wrong type, a missing or out-of-range field, parameter or header. In {@code core}
 * because every package that reads input throws it; a subtype names a failure mode of its own (a body that is not
 * JSON at all).
 */
public class InvalidRequestException extends CordiulException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidRequestException(String field, String message) {
        super("invalid_request", message);
        this.field = field;
    }

    /** For a subtype: its own code. */
    protected InvalidRequestException(String code, String field, String message) {
        super(code, message);
        this.field = field;
    }

    /** The body field or query parameter at fault, when there is one. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
