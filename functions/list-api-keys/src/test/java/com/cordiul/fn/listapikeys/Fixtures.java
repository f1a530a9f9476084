package com.cordiul.fn.listapikeys;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.cordiul.core.Json;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The repository's sample events, read the way the Lambda runtime reads them. */
final class Fixtures {

    private Fixtures() {
    }

    static APIGatewayProxyRequestEvent proxyEvent(String name) {
        try (InputStream in = Files.newInputStream(RepositoryRoot.find().resolve("events").resolve(name))) {
            return LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class,
                    Fixtures.class.getClassLoader()).fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event with the authorizer context of another caller. */
    static APIGatewayProxyRequestEvent as(APIGatewayProxyRequestEvent event, String owner, String permissions) {
        Map<String, Object> context = new HashMap<>(event.getRequestContext().getAuthorizer());
        context.put("owner", owner);
        context.put("principalId", owner);
        context.put("permissions", permissions);
        event.getRequestContext().setAuthorizer(context);
        return event;
    }

    /** A real client on the endpoint that does not retry, so a stopped store fails the request at once. */
    static DynamoDbClient noRetryClient(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(Dynalite.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
