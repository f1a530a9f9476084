package com.cordiul.api;

import com.cordiul.core.InvalidRequestException;

/** The request body is not JSON at all (a syntax error, a duplicate key, data after the value): 400 malformed_json. */
public final class MalformedBodyException extends InvalidRequestException {

    private static final long serialVersionUID = 1L;

    public MalformedBodyException(String message) {
        super("malformed_json", "body", message);
    }
}
