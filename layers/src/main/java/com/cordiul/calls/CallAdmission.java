package com.cordiul.calls;

/**
 * Admits one accepted call against the caller's call-creation limits: called once the request is known to be a new
 * call (valid, not a replay), before anything is recorded or dialed. It throws (the edge answers 429) when the
 * caller may place no other call now; the call is then neither recorded nor dialed, and an Idempotency-Key it
 * claimed is given back.
 */
@FunctionalInterface
public interface CallAdmission {

    /** No call-creation limit. */
    CallAdmission UNLIMITED = () -> { };

    /** Counts the call, or throws when a limit refuses it (counting nothing). */
    void admit();
}
