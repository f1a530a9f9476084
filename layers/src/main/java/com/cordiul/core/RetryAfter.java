package com.cordiul.core;

/** A failure after which the same request may succeed later: the edge sends {@code Retry-After}. */
public interface RetryAfter {

    /** Whole seconds the client should wait before retrying. */
    int retryAfterSeconds();
}
