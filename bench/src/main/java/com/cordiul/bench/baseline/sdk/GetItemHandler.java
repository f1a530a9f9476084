package com.cordiul.bench.baseline.sdk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Baseline (the AWS SDK floor): one DynamoDB client built at init the way Lambda wants it (url-connection
 * HTTP client, explicit region, credentials from the environment), one GetItem per invocation. */
public class GetItemHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final DynamoDbClient dynamoDb = Floor.endpoint(DynamoDbClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(System.getenv("AWS_REGION")))
            .credentialsProvider(EnvironmentVariableCredentialsProvider.create()))
            .build();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Floor.getItem(dynamoDb);
    }
}
