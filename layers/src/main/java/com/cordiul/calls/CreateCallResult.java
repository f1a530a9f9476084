package com.cordiul.calls;

import com.cordiul.core.JsonWritable;

/**
 * The answer to a create-call request.
 *
 * @param status 201: the call is accepted and queued (or, on a retry, recorded as it stands); a replay repeats the
 *               first answer's status
 * @param data the call's view, or the first answer replayed as it was stored
 * @param replayed whether this is the stored first answer to an earlier request with the same Idempotency-Key
 */
public record CreateCallResult(int status, JsonWritable data, boolean replayed) {
}
