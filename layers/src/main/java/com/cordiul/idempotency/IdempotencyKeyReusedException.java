package com.cordiul.idempotency;

import com.cordiul.core.CordiulException;

/** The Idempotency-Key was already used with a different request: a new call needs a new key. */
public final class IdempotencyKeyReusedException extends CordiulException {

    private static final long serialVersionUID = 1L;

    public IdempotencyKeyReusedException(String message) {
        super("idempotency_key_reused", message);
    }
}
