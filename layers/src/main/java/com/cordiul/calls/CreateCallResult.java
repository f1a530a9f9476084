package com.cordiul.calls;

import com.cordiul.core.JsonWritable;

/**
 * The answer to a create-call request.
 *
 * @param status 201 when Chime accepted the call (or it had already progressed), 202 when its fate is not known yet
 * @param data the call's view (with {@code status_detail} when 202), or the first answer replayed as it was stored
 * @param replayed whether this is the stored first answer to an earlier request with the same Idempotency-Key
 */
public record CreateCallResult(int status, JsonWritable data, boolean replayed) {
}
