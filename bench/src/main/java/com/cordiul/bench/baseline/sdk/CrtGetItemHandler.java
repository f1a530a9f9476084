package com.cordiul.bench.baseline.sdk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Variant of {@link GetItemHandler} with the AWS CRT HTTP client instead of url-connection. */
public class CrtGetItemHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final DynamoDbClient dynamoDb = Floor.endpoint(DynamoDbClient.builder()
            .httpClient(AwsCrtHttpClient.create())
            .region(Region.of(System.getenv("AWS_REGION")))
            .credentialsProvider(EnvironmentVariableCredentialsProvider.create()))
            .build();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Floor.getItem(dynamoDb);
    }
}
