package com.cordiul.priming;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.api.ApiRequest;
import com.cordiul.api.Envelope;
import com.cordiul.api.ProxyEvents;
import com.cordiul.core.JsonWritable;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming of the API edge: before the snapshot, one proxy event with a JSON body is read, and one success
 * and one error envelope and one proxy response are written, so that the JSON reader and writer and the edge's own
 * classes are loaded and initialised in the snapshot rather than on the first request. No network I/O; it never
 * fails the checkpoint.
 */
public final class ApiPrimer extends SnapshotPrimer {

    /** The edge's primer; an API function's wiring registers one. */
    public ApiPrimer() {
        super("API edge");
    }

    /** Parses and renders once: no network I/O. */
    @Override
    protected void run() {
        APIGatewayProxyRequestEvent event = ProxyEvents.read(("{\"resource\":\"/priming\",\"headers\":"
                + "{\"Content-Type\":\"application/json\"},\"multiValueHeaders\":{\"Content-Type\":"
                + "[\"application/json\"]},\"requestContext\":{\"requestId\":\"priming\",\"authorizer\":{}},"
                + "\"body\":\"{\\\"contact_id\\\":\\\"priming\\\",\\\"n\\\":[1,2.5,true,null]}\"}")
                .getBytes(StandardCharsets.UTF_8));
        new ApiRequest(event).jsonObjectBody();
        JsonWritable item = out -> out.field("n", 1L).optionalField("absent", null);
        String body = Envelope.success((JsonWritable) out -> out.field("id", "priming").field("items", List.of(item)));
        Envelope.error("priming", "priming", "field", "priming");
        ProxyEvents.write(new APIGatewayProxyResponseEvent().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/json")).withBody(body)
                .withIsBase64Encoded(false), OutputStream.nullOutputStream());
    }
}
