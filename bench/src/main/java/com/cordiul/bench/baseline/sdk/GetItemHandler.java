package com.cordiul.bench.baseline.sdk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Baseline (the AWS SDK floor): one DynamoDB client built at init the way Lambda wants it (url-connection
 * HTTP client, explicit region, credentials from the environment), one GetItem per invocation. */
public class GetItemHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final DynamoDbClient dynamoDb = Floor.client();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Floor.getItem(dynamoDb);
    }
}
