package com.cordiul.calls;

/**
 * The answer to a cancel.
 *
 * @param status 200 when the call is final (canceled before its dial, or ended), 202 when its hangup is requested
 * @param call the call as it stands, with a {@code status_detail} saying what the cancel does
 */
public record CancelResult(int status, CallView call) {
}
