package com.cordiul.wiring;

import com.cordiul.aws.AwsClients;
import com.cordiul.chime.ChimeDialer;
import com.cordiul.chime.ThrottleRetry;
import com.cordiul.core.Environment;
import com.cordiul.dialer.CallDialer;
import com.cordiul.dialer.DialBatch;
import com.cordiul.dialer.DialSettings;
import com.cordiul.dialqueue.DialQueue;
import com.cordiul.priming.ChimePrimer;
import com.cordiul.priming.DynamoPrimer;
import com.cordiul.priming.QueuePrimer;
import java.time.Clock;

/**
 * The wiring of the dialer, which the dial queue's event source mapping invokes: the calls table, the pacer and the
 * queue counter on the dial control table, the queue (to put messages back and renew them), and Chime. Its Chime
 * dialer tries once: the pacer, not a retry loop, decides when to dial again.
 */
public final class DialerModule extends FunctionModule {

    private static DialerModule instance;

    private DialBatch batch;

    private DialerModule() {
    }

    /** This function instance's module, built on first use. */
    public static synchronized DialerModule instance() {
        if (instance == null) {
            instance = new DialerModule();
        }
        return instance;
    }

    /** One invocation's batch of dial messages. */
    public synchronized DialBatch dialBatch() {
        if (batch == null) {
            DialQueue queue = new DialQueue(sqs(), Environment.require("DIAL_QUEUE_URL"));
            new QueuePrimer(queue).register();
            ThrottleRetry.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
            ChimeDialer chime = new ChimeDialer(AwsClients.chimeSdkVoice(),
                    Environment.require("SIP_MEDIA_APPLICATION_ID"), dialPacer().settings().throttleRetry(sleeper));
            new ChimePrimer(chime).register();
            new DynamoPrimer(dynamoDb(), Environment.require("DIAL_CONTROL_TABLE"), "pk").register();
            CallDialer dialer = new CallDialer(callStore(), dialPacer(), queueDepth(), queue, chime,
                    Clock.systemUTC(), sleeper, DialSettings.standard());
            batch = new DialBatch(dialer, queue);
        }
        return batch;
    }
}
