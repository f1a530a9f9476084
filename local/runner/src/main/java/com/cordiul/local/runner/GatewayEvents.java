package com.cordiul.local.runner;

import com.cordiul.stack.PseudoParameters;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the events API Gateway (REST) sends to Lambda: the REQUEST (or TOKEN) authorizer event and the proxy
 * integration event, in the shapes of SAM CLI's {@code ApiGatewayRestRequestAuthorizer} and {@code AwsProxy}.
 */
final class GatewayEvents {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** The local stand-in for the REST API's id. */
    static final String API_ID = "local";

    private final String stage;
    private final String domainName;

    GatewayEvents(String stage, String domainName) {
        this.stage = stage;
        this.domainName = domainName;
    }

    /** The ARN of the method being called, which the authorizer's policy must allow. */
    String methodArn(IncomingRequest request) {
        return PseudoParameters.arn("execute-api", API_ID + "/" + stage + "/" + request.method() + request.path());
    }

    /** The REQUEST authorizer event (maps are empty objects, not null, in this event). */
    ObjectNode requestAuthorizer(IncomingRequest request, Route route, Map<String, String> pathParameters) {
        ObjectNode event = NODES.objectNode();
        event.put("type", "REQUEST");
        event.put("methodArn", methodArn(request));
        event.put("resource", route.path());
        event.put("path", request.path());
        event.put("httpMethod", request.method());
        event.set("headers", single(request.headers()));
        event.set("multiValueHeaders", multi(request.headers()));
        event.set("queryStringParameters", single(request.query()));
        event.set("multiValueQueryStringParameters", multi(request.query()));
        event.set("pathParameters", strings(pathParameters));
        event.set("stageVariables", NODES.objectNode());
        event.set("requestContext", requestContext(request, route));
        return event;
    }

    /** The TOKEN authorizer event. */
    ObjectNode tokenAuthorizer(IncomingRequest request, String token) {
        ObjectNode event = NODES.objectNode();
        event.put("type", "TOKEN");
        event.put("authorizationToken", token);
        event.put("methodArn", methodArn(request));
        return event;
    }

    /** The proxy integration event; {@code authorizer} is the authorizer's context, or null for an open route. */
    ObjectNode proxy(IncomingRequest request, Route route, Map<String, String> pathParameters,
                     Map<String, String> authorizer) {
        ObjectNode event = NODES.objectNode();
        event.put("resource", route.path());
        event.put("path", request.path());
        event.put("httpMethod", request.method());
        event.set("headers", request.headers().isEmpty() ? NODES.nullNode() : single(request.headers()));
        event.set("multiValueHeaders", request.headers().isEmpty() ? NODES.nullNode() : multi(request.headers()));
        event.set("queryStringParameters", request.query().isEmpty() ? NODES.nullNode() : single(request.query()));
        event.set("multiValueQueryStringParameters",
                request.query().isEmpty() ? NODES.nullNode() : multi(request.query()));
        event.set("pathParameters", pathParameters.isEmpty() ? NODES.nullNode() : strings(pathParameters));
        event.set("stageVariables", NODES.nullNode());
        ObjectNode context = requestContext(request, route);
        if (authorizer != null) {
            context.set("authorizer", strings(authorizer));
        }
        event.set("requestContext", context);
        byte[] body = request.body();
        if (body.length == 0) {
            event.putNull("body");
            event.put("isBase64Encoded", false);
        } else if (isText(request.header("Content-Type"))) {
            event.put("body", new String(body, StandardCharsets.UTF_8));
            event.put("isBase64Encoded", false);
        } else {
            event.put("body", Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", true);
        }
        return event;
    }

    /** JSON and text bodies travel as text; anything else (images, octet streams) as base64. */
    static boolean isText(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            // API Gateway assumes application/json when no content type is given.
            return true;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml")
                || type.equals("application/x-www-form-urlencoded") || type.equals("application/javascript");
    }

    private ObjectNode requestContext(IncomingRequest request, Route route) {
        ObjectNode context = NODES.objectNode();
        context.put("resourceId", API_ID);
        context.put("resourcePath", route.path());
        context.put("httpMethod", request.method());
        context.put("extendedRequestId", request.requestId());
        context.put("requestTime", REQUEST_TIME.format(request.time()));
        context.put("path", "/" + stage + request.path());
        context.put("accountId", PseudoParameters.ACCOUNT_ID);
        context.put("protocol", "HTTP/1.1");
        context.put("stage", stage);
        context.put("domainPrefix", domainName.split("[.:]", 2)[0]);
        context.put("requestTimeEpoch", request.time().toEpochMilli());
        context.put("requestId", request.requestId());
        ObjectNode identity = context.putObject("identity");
        for (String field : List.of("cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller",
                "accessKey", "cognitoAuthenticationType", "cognitoAuthenticationProvider", "userArn", "user")) {
            identity.putNull(field);
        }
        identity.put("sourceIp", request.sourceIp());
        if (request.header("User-Agent") != null) {
            identity.put("userAgent", request.header("User-Agent"));
        } else {
            identity.putNull("userAgent");
        }
        context.put("domainName", domainName);
        context.put("apiId", API_ID);
        return context;
    }

    private static ObjectNode single(Map<String, List<String>> values) {
        ObjectNode node = NODES.objectNode();
        values.forEach((name, list) -> {
            if (!list.isEmpty()) {
                node.put(name, list.get(list.size() - 1));
            }
        });
        return node;
    }

    private static ObjectNode multi(Map<String, List<String>> values) {
        ObjectNode node = NODES.objectNode();
        values.forEach((name, list) -> {
            ArrayNode array = node.putArray(name);
            list.forEach(array::add);
        });
        return node;
    }

    private static ObjectNode strings(Map<String, String> values) {
        ObjectNode node = NODES.objectNode();
        values.forEach(node::put);
        return node;
    }
}
