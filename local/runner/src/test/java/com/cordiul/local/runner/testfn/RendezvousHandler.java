package com.cordiul.local.runner.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Test function for concurrency: announces itself with a file named after its instance, then waits until the test
 * drops a {@code release} file, and answers with its instance id. Two invocations can only both announce
 * themselves if they run in two instances at once.
 */
public class RendezvousHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    /** One value per class loader, that is per function instance. */
    private static final String INSTANCE = UUID.randomUUID().toString();

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        Path dir = Path.of(event.getQueryStringParameters().get("dir"));
        try {
            Files.writeString(dir.resolve("started-" + INSTANCE + "-" + context.getAwsRequestId()), INSTANCE);
            while (!Files.exists(dir.resolve("release")) && context.getRemainingTimeInMillis() > 100) {
                Thread.sleep(5);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody(INSTANCE);
    }
}
