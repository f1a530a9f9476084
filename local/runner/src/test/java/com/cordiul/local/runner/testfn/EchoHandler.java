package com.cordiul.local.runner.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.core.Environment;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test function: answers with what it received, so tests can see the proxy event the runner built. */
public class EchoHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        if (event.getQueryStringParameters() != null && event.getQueryStringParameters().containsKey("binary")) {
            return new APIGatewayProxyResponseEvent().withStatusCode(200)
                    .withHeaders(Map.of("Content-Type", "application/octet-stream"))
                    .withBody(Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255}))
                    .withIsBase64Encoded(true);
        }
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("function", Environment.get("AWS_LAMBDA_FUNCTION_NAME").orElse(null));
        seen.put("resource", event.getResource());
        seen.put("path", event.getPath());
        seen.put("httpMethod", event.getHttpMethod());
        seen.put("pathParameters", event.getPathParameters());
        seen.put("queryStringParameters", event.getQueryStringParameters());
        seen.put("multiValueQueryStringParameters", event.getMultiValueQueryStringParameters());
        seen.put("contentType", event.getHeaders() == null ? null : event.getHeaders().get("Content-Type"));
        seen.put("body", event.getBody());
        seen.put("isBase64Encoded", event.getIsBase64Encoded());
        var requestContext = event.getRequestContext();
        seen.put("requestId", requestContext.getRequestId());
        seen.put("stage", requestContext.getStage());
        seen.put("resourcePath", requestContext.getResourcePath());
        seen.put("sourceIp", requestContext.getIdentity().getSourceIp());
        seen.put("authorizer", requestContext.getAuthorizer());
        seen.put("awsRequestId", context.getAwsRequestId());
        try {
            return new APIGatewayProxyResponseEvent().withStatusCode(200)
                    .withHeaders(Map.of("Content-Type", "application/json", "X-Echo", "yes"))
                    .withMultiValueHeaders(Map.of("Set-Cookie", List.of("a=1", "b=2")))
                    .withBody(JSON.writeValueAsString(seen)).withIsBase64Encoded(false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
