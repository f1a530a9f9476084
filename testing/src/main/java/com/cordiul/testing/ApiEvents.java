package com.cordiul.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The repository's sample events ({@code events/}), read the way the Lambda runtime reads them. */
public final class ApiEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiEvents() {
    }

    /** A REST proxy event from {@code events/NAME}. */
    public static APIGatewayProxyRequestEvent load(String name) {
        try (InputStream in = Files.newInputStream(RepositoryRoot.find().resolve("events").resolve(name))) {
            return LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class,
                    ApiEvents.class.getClassLoader()).fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event with the authorizer context of another caller. */
    public static APIGatewayProxyRequestEvent as(APIGatewayProxyRequestEvent event, String owner,
                                                 String permissions) {
        Map<String, Object> context = new HashMap<>(event.getRequestContext().getAuthorizer());
        context.put("owner", owner);
        context.put("principalId", owner);
        context.put("permissions", permissions);
        event.getRequestContext().setAuthorizer(context);
        return event;
    }

    /** Adds a header to both header maps, as API Gateway fills them. */
    public static APIGatewayProxyRequestEvent withHeader(APIGatewayProxyRequestEvent event, String name,
                                                         String value) {
        Map<String, String> single = new HashMap<>(event.getHeaders());
        single.put(name, value);
        event.setHeaders(single);
        Map<String, List<String>> multi = new HashMap<>(event.getMultiValueHeaders());
        multi.put(name, List.of(value));
        event.setMultiValueHeaders(multi);
        return event;
    }

    /** A real client on the endpoint that does not retry, so a stopped store fails the request at once. */
    public static DynamoDbClient noRetryClient(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(Dynalite.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** A response body as a JSON tree. */
    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One invocation of a stream handler as Lambda runs it: the event serialized the way the runtime's own
     * serializer writes it, the handler's response bytes read back into the proxy response.
     */
    public static APIGatewayProxyResponseEvent invoke(RequestStreamHandler handler,
                                                      APIGatewayProxyRequestEvent event) {
        ClassLoader loader = ApiEvents.class.getClassLoader();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, loader).toJson(event, request);
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(request.toByteArray()), response,
                    new InvocationContext(java.util.UUID.randomUUID().toString(), "TestFunction", "1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return LambdaEventSerializers.serializerFor(APIGatewayProxyResponseEvent.class, loader)
                .fromJson(new ByteArrayInputStream(response.toByteArray()));
    }
}
