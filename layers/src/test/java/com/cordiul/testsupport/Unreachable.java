package com.cordiul.testsupport;

import com.cordiul.local.dynalite.Dynalite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A real DynamoDB client whose endpoint refuses connections: a store that is down. */
public final class Unreachable {

    private Unreachable() {
    }

    /** The client; it does not retry, so a test sees the fault at once. */
    public static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().endpointOverride(closedPort())
                .region(Region.US_EAST_1).credentialsProvider(Dynalite.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static URI closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
