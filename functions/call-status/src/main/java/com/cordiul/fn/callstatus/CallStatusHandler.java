package com.cordiul.fn.callstatus;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.aws.AwsClients;
import com.cordiul.priming.DynamoPrimer;
import com.cordiul.calls.CallItems;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.progress.CallProgress;
import com.cordiul.priming.ClassPreloader;
import com.cordiul.core.Environment;
import com.cordiul.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The SIP media application's function: Chime invokes it for every event of every call. It reads raw bytes
 * (a stream handler), so that no payload can fail deserialization before Cordiul's own tolerant parser runs.
 */
public final class CallStatusHandler implements RequestStreamHandler {

    private final CallProgress progress;

    /** Lambda's constructor: clients and configuration built once per instance. */
    public CallStatusHandler() {
        this(AwsClients.dynamoDb(), Environment.require("CALLS_TABLE"));
        ClassPreloader.registerFor(getClass());
    }

    private CallStatusHandler(DynamoDbClient dynamoDb, String table) {
        this(CallProgress.fromEnvironment(new CallStore(dynamoDb, table), Clock.tickMillis(ZoneOffset.UTC)));
        new DynamoPrimer(dynamoDb, table, Map.of(CallItems.OWNER, AttributeValue.fromS("priming"),
                CallItems.ID, AttributeValue.fromS("priming-sentinel"))).register();
    }

    /** For tests: the service to use. */
    public CallStatusHandler(CallProgress progress) {
        this.progress = progress;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Log.begin(context == null ? null : context.getAwsRequestId(), null);
        try {
            output.write(progress.respond(input.readAllBytes()).getBytes(StandardCharsets.UTF_8));
        } finally {
            Log.end();
        }
    }
}
