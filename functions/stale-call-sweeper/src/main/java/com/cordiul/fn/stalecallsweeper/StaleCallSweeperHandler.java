package com.cordiul.fn.stalecallsweeper;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.aws.AwsClients;
import com.cordiul.priming.DynamoPrimer;
import com.cordiul.calls.CallItems;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.progress.StaleCallSweeper;
import com.cordiul.calls.progress.SweepSettings;
import com.cordiul.priming.ClassPreloader;
import com.cordiul.core.Environment;
import com.cordiul.core.Json;
import com.cordiul.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Runs on the EventBridge schedule: fails calls left open without a confirming event. A stream handler: nothing in
 * the scheduled event matters beyond its id, for the log, so the runtime is spared binding it (bench/README.md);
 * an unreadable event does not stop the sweep. Answers the run's counts.
 */
public final class StaleCallSweeperHandler implements RequestStreamHandler {

    private final StaleCallSweeper sweeper;

    /** Lambda's constructor: clients and configuration built once per instance. */
    public StaleCallSweeperHandler() {
        this(AwsClients.dynamoDb(), Environment.require("CALLS_TABLE"));
        ClassPreloader.registerFor(getClass());
    }

    private StaleCallSweeperHandler(DynamoDbClient dynamoDb, String table) {
        this(new StaleCallSweeper(dynamoDb, new CallStore(dynamoDb, table), new CallStatusMachine(),
                        Clock.tickMillis(ZoneOffset.UTC), SweepSettings.fromEnvironment()));
        new DynamoPrimer(dynamoDb, table, Map.of(CallItems.OWNER, AttributeValue.fromS("priming"),
                CallItems.ID, AttributeValue.fromS("priming-sentinel"))).register();
    }

    /** For tests: the sweeper to use. */
    public StaleCallSweeperHandler(StaleCallSweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        Log.begin(context == null ? null : context.getAwsRequestId(), null);
        try {
            Log.put("schedule_event_id", scheduleEventId(event));
            Json.write(sweeper.sweep(), output);
        } finally {
            Log.end();
        }
    }

    private static String scheduleEventId(byte[] event) {
        try {
            return Json.parse(event) instanceof Map<?, ?> map && map.get("id") instanceof String id ? id : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
