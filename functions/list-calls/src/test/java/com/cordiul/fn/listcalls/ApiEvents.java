package com.cordiul.fn.listcalls;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.cordiul.local.dynalite.RepositoryRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The repository's sample events, read the way the Lambda runtime reads them. */
final class ApiEvents {

    private ApiEvents() {
    }

    static APIGatewayProxyRequestEvent load(String name) {
        var serializer = LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class,
                ApiEvents.class.getClassLoader());
        try (InputStream in = Files.newInputStream(RepositoryRoot.find().resolve("events").resolve(name))) {
            return serializer.fromJson(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event as another owner with other permissions would send it. */
    static APIGatewayProxyRequestEvent as(APIGatewayProxyRequestEvent event, String owner, String permissions) {
        Map<String, Object> authorizer = new HashMap<>(event.getRequestContext().getAuthorizer());
        authorizer.put("owner", owner);
        authorizer.put("principalId", owner);
        authorizer.put("permissions", permissions);
        event.getRequestContext().setAuthorizer(authorizer);
        return event;
    }

    /** Adds a header to both header maps, as API Gateway fills them. */
    static APIGatewayProxyRequestEvent withHeader(APIGatewayProxyRequestEvent event, String name, String value) {
        Map<String, String> single = new HashMap<>(event.getHeaders());
        single.put(name, value);
        event.setHeaders(single);
        Map<String, List<String>> multi = new HashMap<>(event.getMultiValueHeaders());
        multi.put(name, List.of(value));
        event.setMultiValueHeaders(multi);
        return event;
    }
}
