package com.cordiul.identity;

import com.cordiul.core.CordiulException;

/** The caller is authenticated but lacks the permission the operation needs. */
public final class PermissionDeniedException extends CordiulException {

    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(String message) {
        super("forbidden", message);
    }
}
