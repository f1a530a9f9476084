package com.cordiul.dialer;

import java.time.Duration;

/**
 * The dialer's own delays and limits.
 *
 * @param recordGrace how long after its message was sent a call may still be missing: create-call sends the
 *                    message, then records the call, within its 15 s timeout; a message older than this whose call
 *                    does not exist is dropped (its create-call died in between, and was answered with an error)
 * @param recordWaits how often, and how long apart, the dialer re-reads a call it does not find yet before putting
 *                    the message back (the record is written just after the send)
 * @param renewAt from this many receives on, a message refused again is sent anew (and the old one deleted), so
 *                waiting, however long, never reaches the queue's {@code maxReceiveCount}
 * @param chimeThrottledDelay when to try again after Chime throttled a dial anyway (another stack in the account)
 * @param storeDelay when to try again after the store or the pacer did not answer
 */
public record DialSettings(Duration recordGrace, Duration recordWaits, int renewAt, Duration chimeThrottledDelay,
                           Duration storeDelay) {

    /** The receive count past which waiting messages are renewed; the template's maxReceiveCount is above it. */
    public static final int RENEW_AT = 30;

    /** The deployed settings. */
    public static DialSettings standard() {
        return new DialSettings(Duration.ofSeconds(30), Duration.ofMillis(100), RENEW_AT, Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }
}
