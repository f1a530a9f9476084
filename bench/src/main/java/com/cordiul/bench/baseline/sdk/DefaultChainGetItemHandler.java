package com.cordiul.bench.baseline.sdk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Variant of {@link GetItemHandler} with the SDK's default credentials chain instead of the environment. */
public class DefaultChainGetItemHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final DynamoDbClient dynamoDb = Floor.endpoint(DynamoDbClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(System.getenv("AWS_REGION")))
            .credentialsProvider(DefaultCredentialsProvider.builder().build()))
            .build();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Floor.getItem(dynamoDb);
    }
}
