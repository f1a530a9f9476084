package com.cordiul.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import com.cordiul.core.MalformedJsonException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads API Gateway's REST proxy event and writes the proxy response, with {@link Json}. The API functions are
 * stream handlers so that the runtime does not bind these events itself: its serializer and the classes it loads
 * for them cost cold-start time (bench/README.md) and the few fields below are all the functions read.
 */
public final class ProxyEvents {

    private ProxyEvents() {
    }

    /** The event's fields the API reads: route, headers, query, path parameters, body, request context. */
    public static APIGatewayProxyRequestEvent read(byte[] json) {
        if (!(Json.parse(json) instanceof Map<?, ?> root)) {
            throw new MalformedJsonException("the event is not a JSON object", -1, -1, false);
        }
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withResource(text(root.get("resource")))
                .withPath(text(root.get("path")))
                .withHttpMethod(text(root.get("httpMethod")))
                .withHeaders(texts(root.get("headers")))
                .withMultiValueHeaders(lists(root.get("multiValueHeaders")))
                .withQueryStringParameters(texts(root.get("queryStringParameters")))
                .withMultiValueQueryStringParameters(lists(root.get("multiValueQueryStringParameters")))
                .withPathParameters(texts(root.get("pathParameters")))
                .withStageVariables(texts(root.get("stageVariables")))
                .withBody(text(root.get("body")))
                .withIsBase64Encoded(root.get("isBase64Encoded") instanceof Boolean b ? b : Boolean.FALSE);
        if (root.get("requestContext") instanceof Map<?, ?> context) {
            event.setRequestContext(context(context));
        }
        return event;
    }

    /** Writes the response as Lambda hands it to API Gateway; absent fields are left out. */
    public static void write(APIGatewayProxyResponseEvent response, OutputStream out) {
        Json.write(new Response(response), out);
    }

    /** The proxy response as Lambda hands it to API Gateway (a class, not a lambda: it is preloaded with the rest). */
    private record Response(APIGatewayProxyResponseEvent response) implements JsonWritable {
        @Override
        public void writeJson(JsonWriter out) {
            out.field("statusCode", response.getStatusCode())
                    .optionalField("headers", response.getHeaders())
                    .optionalField("multiValueHeaders", response.getMultiValueHeaders())
                    .optionalField("body", response.getBody())
                    .field("isBase64Encoded", Boolean.TRUE.equals(response.getIsBase64Encoded()));
        }
    }

    private static ProxyRequestContext context(Map<?, ?> json) {
        ProxyRequestContext context = new ProxyRequestContext()
                .withRequestId(text(json.get("requestId")))
                .withExtendedRequestId(text(json.get("extendedRequestId")))
                .withAccountId(text(json.get("accountId")))
                .withApiId(text(json.get("apiId")))
                .withStage(text(json.get("stage")))
                .withResourceId(text(json.get("resourceId")))
                .withResourcePath(text(json.get("resourcePath")))
                .withHttpMethod(text(json.get("httpMethod")))
                .withPath(text(json.get("path")));
        if (json.get("authorizer") instanceof Map<?, ?> authorizer) {
            Map<String, Object> copy = new LinkedHashMap<>();
            authorizer.forEach((k, v) -> copy.put((String) k, v));
            context.setAuthorizer(copy);
        }
        if (json.get("identity") instanceof Map<?, ?> identity) {
            context.setIdentity(new RequestIdentity().withSourceIp(text(identity.get("sourceIp")))
                    .withUserAgent(text(identity.get("userAgent"))));
        }
        return context;
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    private static Map<String, String> texts(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put((String) k, text(v)));
        return result;
    }

    private static Map<String, List<String>> lists(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            List<String> values = new ArrayList<>();
            if (v instanceof List<?> list) {
                list.forEach(element -> values.add(text(element)));
            }
            result.put((String) k, values);
        });
        return result;
    }
}
