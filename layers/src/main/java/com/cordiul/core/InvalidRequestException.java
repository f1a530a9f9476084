package com.cordiul.core;

import java.util.Optional;

/** Input that fails validation: malformed JSON, a wrong type, a missing or out-of-range field or parameter. */
public final class InvalidRequestException extends CordiulException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidRequestException(String field, String message) {
        super("invalid_request", message);
        this.field = field;
    }

    public InvalidRequestException(String code, String field, String message) {
        super(code, message);
        this.field = field;
    }

    /** The body field or query parameter at fault, when there is one. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
