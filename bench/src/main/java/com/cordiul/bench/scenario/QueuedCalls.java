package com.cordiul.bench.scenario;

import com.cordiul.calls.CallIds;
import com.cordiul.calls.CallQueries;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStore;
import com.cordiul.dialer.DialPacer;
import com.cordiul.dialer.PacerSettings;
import com.cordiul.dialqueue.QueueDepth;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Calls as create-call leaves them, written outside the measured invocation, for the functions that take over from
 * there (the dialer, cancel-call): each recorded waiting and counted against its owner's queue, so every measured
 * invocation meets a call of its own and does its whole work, never a call an earlier invocation settled. A dialed
 * call is ended on the pacer right away, as Chime's HANGUP would end it, so that the active calls stay under the
 * quota and the pacer's item stays as small as in production.
 */
final class QueuedCalls {

    private static final String FROM = "+12065550100";

    private final Clock clock = Clock.systemUTC();
    private final CallStore calls;
    private final QueueDepth depth;
    private final DialPacer pacer;

    QueuedCalls(DynamoDbClient client) {
        this.calls = new CallStore(client, "CallsTable");
        this.depth = new QueueDepth(client, "DialControlTable", clock, 1_000_000,
                new CallQueries(client, "CallsTable")::countWaiting);
        this.pacer = new DialPacer(client, "DialControlTable", clock, PacerSettings.of(1, 10));
    }

    /** A new waiting call of the owner, counted in its queue; its id. */
    String waiting(String owner, int n) {
        String id = CallIds.next(clock.instant());
        depth.admit(owner);
        calls.create(CallRecord.initiating(owner, id, "contact_" + n, String.format("+1415555%04d", n % 10_000),
                FROM, null, clock.instant()));
        return id;
    }

    /** The call ended: its slot on the pacer is free. */
    void ended(String callId) {
        pacer.callEnded(callId);
    }
}
