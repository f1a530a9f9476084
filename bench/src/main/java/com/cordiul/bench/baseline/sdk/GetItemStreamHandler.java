package com.cordiul.bench.baseline.sdk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Baseline: the SDK floor's client and GetItem in a stream handler, so the runtime binds no JSON: the floor the
 * project's stream handlers are fairly compared with.
 */
public class GetItemStreamHandler implements RequestStreamHandler {

    private final DynamoDbClient dynamoDb = Floor.client();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        String found = Floor.getItem(dynamoDb).get("body").toString();
        output.write(("{\"statusCode\":200,\"body\":\"" + found + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
