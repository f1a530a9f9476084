package com.cordiul.keys;

import com.cordiul.core.CordiulException;

/** The API key does not exist, or belongs to another owner: the two are indistinguishable on purpose. */
public final class ApiKeyNotFoundException extends CordiulException {

    private static final long serialVersionUID = 1L;

    public ApiKeyNotFoundException(String message) {
        super("not_found", message);
    }
}
