package com.cordiul.bench.baseline.sdk;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What every SDK baseline shares: the endpoint override and the one GetItem. The baselines read System.getenv
 * directly on purpose: they must not load the project's layer, whose cost is what they are compared with.
 */
final class Floor {

    private Floor() {
    }

    /** The floor's client: url-connection HTTP client, region from the environment, environment credentials. */
    static DynamoDbClient client() {
        return endpoint(DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(System.getenv("AWS_REGION")))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create()))
                .build();
    }

    /** Points the builder at the local store when {@code DYNAMODB_ENDPOINT} is set (it is unset on AWS). */
    static DynamoDbClientBuilder endpoint(DynamoDbClientBuilder builder) {
        String endpoint = System.getenv("DYNAMODB_ENDPOINT");
        return endpoint == null ? builder : builder.endpointOverride(URI.create(endpoint));
    }

    /** One GetItem of the seeded item; the response says whether it was found. */
    static Map<String, Object> getItem(DynamoDbClient client) {
        var item = client.getItem(b -> b.tableName(System.getenv("API_KEYS_TABLE"))
                .key(Map.of(System.getenv("BENCH_KEY_ATTRIBUTE"), AttributeValue.fromS(System.getenv("BENCH_KEY")))));
        return Map.of("statusCode", 200, "body", item.hasItem() ? "found" : "missing");
    }
}
