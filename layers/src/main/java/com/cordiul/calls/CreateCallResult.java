package com.cordiul.calls;

import java.util.Map;

/**
 * The answer to a create-call request.
 *
 * @param status 201 when Chime accepted the call (or it had already progressed), 202 when its fate is not known yet
 * @param data the call's view, with {@code status_detail} when 202
 * @param replayed whether this is the stored first answer to an earlier request with the same Idempotency-Key
 */
public record CreateCallResult(int status, Map<String, Object> data, boolean replayed) {
}
