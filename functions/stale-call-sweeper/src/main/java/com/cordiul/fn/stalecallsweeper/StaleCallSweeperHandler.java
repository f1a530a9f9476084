package com.cordiul.fn.stalecallsweeper;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.cordiul.aws.AwsClients;
import com.cordiul.aws.DynamoPrimer;
import com.cordiul.calls.CallItems;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.progress.StaleCallSweeper;
import com.cordiul.calls.progress.SweepSettings;
import com.cordiul.core.Environment;
import com.cordiul.logging.Log;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Runs on the EventBridge schedule: fails calls left open without a confirming event. The scheduled event is
 * read as a map because nothing in it matters beyond its id, for the log. Returns the run's counts.
 */
public final class StaleCallSweeperHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final StaleCallSweeper sweeper;
    @SuppressWarnings({"unused", "FieldCanBeLocal"}) // CRaC holds resources weakly
    private final DynamoPrimer primer;

    /** Lambda's constructor: clients and configuration built once per instance. */
    public StaleCallSweeperHandler() {
        this(AwsClients.dynamoDb(), Environment.require("CALLS_TABLE"));
    }

    private StaleCallSweeperHandler(DynamoDbClient dynamoDb, String table) {
        this(new StaleCallSweeper(dynamoDb, new CallStore(dynamoDb, table), new CallStatusMachine(),
                        Clock.tickMillis(ZoneOffset.UTC), SweepSettings.fromEnvironment()),
                new DynamoPrimer(dynamoDb, table, Map.of(CallItems.OWNER, AttributeValue.fromS("priming"),
                        CallItems.ID, AttributeValue.fromS("priming-sentinel"))).register());
    }

    /** For tests: the sweeper and primer to use. */
    public StaleCallSweeperHandler(StaleCallSweeper sweeper, DynamoPrimer primer) {
        this.sweeper = sweeper;
        this.primer = primer;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Log.begin(context == null ? null : context.getAwsRequestId(), null);
        try {
            Log.put("schedule_event_id", event == null ? null : String.valueOf(event.get("id")));
            return sweeper.sweep().toMap();
        } finally {
            Log.end();
        }
    }
}
