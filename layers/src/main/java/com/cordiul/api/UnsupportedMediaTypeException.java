package com.cordiul.api;

import com.cordiul.core.CordiulException;

/** The request body is not JSON. */
public final class UnsupportedMediaTypeException extends CordiulException {

    private static final long serialVersionUID = 1L;

    public UnsupportedMediaTypeException(String message) {
        super("unsupported_media_type", message);
    }
}
