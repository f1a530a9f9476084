package com.cordiul.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Events as the platform sends them: API Gateway REST proxy requests (with the authorizer's context), REQUEST
 * authorizer events, SIP media application events and EventBridge schedule events, shaped like the samples in
 * /work/shared/reference (sam-cli-events, chime-sma-events).
 */
public final class Events {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String API_ID = "benchapi01";
    static final String ALL_PERMISSIONS = "calls:read calls:write api_keys:read api_keys:write webhooks:read "
            + "webhooks:write";

    private Events() {
    }

    /** A REST proxy request for a route, from a Clerk-session caller {@code owner} (the authorizer's context). */
    public static String proxy(String method, String resource, String path, Map<String, String> pathParameters,
                               Map<String, String> query, Map<String, String> extraHeaders, String body,
                               String owner) {
        ObjectNode event = JSON.createObjectNode();
        event.put("resource", resource);
        event.put("path", path);
        event.put("httpMethod", method);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("Host", API_ID + ".execute-api.us-east-1.amazonaws.com");
        headers.put("User-Agent", "cordiul-bench");
        headers.put("X-Forwarded-For", "127.0.0.1");
        headers.put("X-Forwarded-Proto", "https");
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        headers.putAll(extraHeaders);
        ObjectNode h = event.putObject("headers");
        ObjectNode mh = event.putObject("multiValueHeaders");
        headers.forEach((k, v) -> {
            h.put(k, v);
            mh.putArray(k).add(v);
        });
        if (query.isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode q = event.putObject("queryStringParameters");
            ObjectNode mq = event.putObject("multiValueQueryStringParameters");
            query.forEach((k, v) -> {
                q.put(k, v);
                mq.putArray(k).add(v);
            });
        }
        if (pathParameters.isEmpty()) {
            event.putNull("pathParameters");
        } else {
            ObjectNode p = event.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        event.putNull("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "123456789012");
        context.put("resourceId", "abc123");
        context.put("stage", "prod");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("requestTimeEpoch", Instant.now().toEpochMilli());
        context.put("path", "/prod" + path);
        context.put("resourcePath", resource);
        context.put("httpMethod", method);
        context.put("apiId", API_ID);
        context.put("protocol", "HTTP/1.1");
        ObjectNode identity = context.putObject("identity");
        identity.put("sourceIp", "127.0.0.1");
        identity.put("userAgent", "cordiul-bench");
        ObjectNode authorizer = context.putObject("authorizer");
        authorizer.put("principalId", owner);
        authorizer.put("owner", owner);
        authorizer.put("key_id", "");
        authorizer.put("permissions", ALL_PERMISSIONS);
        authorizer.put("integrationLatency", 3);
        if (body == null) {
            event.putNull("body");
        } else {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event.toString();
    }

    /** A REQUEST authorizer event for {@code GET /api/calls/list} carrying the key as a bearer token. */
    public static String authorizer(String apiKey) {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", "REQUEST");
        event.put("methodArn", "arn:aws:execute-api:us-east-1:123456789012:" + API_ID + "/prod/GET/api/calls/list");
        event.put("resource", "/api/calls/list");
        event.put("path", "/api/calls/list");
        event.put("httpMethod", "GET");
        ObjectNode headers = event.putObject("headers");
        headers.put("Accept", "application/json");
        headers.put("Authorization", "Bearer " + apiKey);
        headers.put("Host", API_ID + ".execute-api.us-east-1.amazonaws.com");
        headers.put("User-Agent", "cordiul-bench");
        ObjectNode mh = event.putObject("multiValueHeaders");
        headers.fields().forEachRemaining(e -> mh.putArray(e.getKey()).add(e.getValue().asText()));
        event.putObject("queryStringParameters");
        event.putObject("pathParameters");
        event.putObject("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("path", "/prod/api/calls/list");
        context.put("accountId", "123456789012");
        context.put("resourceId", "abc123");
        context.put("stage", "prod");
        context.put("requestId", UUID.randomUUID().toString());
        context.putObject("identity").put("sourceIp", "127.0.0.1").put("userAgent", "cordiul-bench");
        context.put("resourcePath", "/api/calls/list");
        context.put("httpMethod", "GET");
        context.put("apiId", API_ID);
        return event.toString();
    }

    /** The SIP media application's event types of one answered call, in order. */
    public static final List<String> CALL_STEPS =
            List.of("NEW_OUTBOUND_CALL", "RINGING", "CALL_ANSWERED", "ACTION_SUCCESSFUL", "HANGUP");

    /** One SIP media application event of the call that dial placed. */
    public static String sma(ChimeStandIn.Dial dial, int step, String smaId) {
        String type = CALL_STEPS.get(step);
        ObjectNode event = JSON.createObjectNode();
        event.put("SchemaVersion", "1.0");
        event.put("Sequence", step + 1);
        event.put("InvocationEventType", type);
        if ("NEW_OUTBOUND_CALL".equals(type)) {
            ObjectNode data = event.putObject("ActionData");
            data.put("Type", "CallCreateRequest");
            data.putObject("Parameters").set("Arguments", JSON.valueToTree(dial.arguments()));
        } else if ("ACTION_SUCCESSFUL".equals(type)) {
            ObjectNode data = event.putObject("ActionData");
            data.put("Type", "Speak");
            data.putObject("Parameters").put("CallId", "leg-a-" + dial.transactionId()).put("Text", "Hello");
        } else if ("HANGUP".equals(type)) {
            ObjectNode data = event.putObject("ActionData");
            data.put("Type", "Hangup");
            data.putObject("Parameters").put("SipResponseCode", "0").put("CallId", "leg-a-" + dial.transactionId())
                    .put("ParticipantTag", "LEG-A");
        }
        ObjectNode details = event.putObject("CallDetails");
        details.put("TransactionId", dial.transactionId());
        if (step > 0) {
            details.set("TransactionAttributes", JSON.valueToTree(dial.arguments()));
        }
        details.put("AwsAccountId", "123456789012");
        details.put("AwsRegion", "us-east-1");
        details.put("SipMediaApplicationId", smaId);
        ObjectNode leg = details.putArray("Participants").addObject();
        leg.put("CallId", "leg-a-" + dial.transactionId());
        leg.put("ParticipantTag", "LEG-A");
        leg.put("To", dial.to());
        leg.put("From", dial.from());
        leg.put("Direction", "Outbound");
        leg.put("StartTimeInMilliseconds", Long.toString(Instant.now().toEpochMilli()));
        if (step >= 2) {
            leg.put("Status", "HANGUP".equals(type) ? "Disconnected" : "Connected");
        }
        return event.toString();
    }

    /**
     * An SQS event source mapping's batch of one message with this body (the webhook queues' consumers). The ids it
     * names are nobody's, so the consumer handles it without a queue: the bench runs no SQS.
     */
    public static String sqs(int n, String body) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("messageId", UUID.nameUUIDFromBytes(("bench-" + n).getBytes()).toString());
        record.put("receiptHandle", "AQEB" + n);
        record.put("body", body);
        ObjectNode attributes = record.putObject("attributes");
        attributes.put("ApproximateReceiveCount", "1");
        attributes.put("SentTimestamp", Long.toString(Instant.now().toEpochMilli()));
        attributes.put("ApproximateFirstReceiveTimestamp", Long.toString(Instant.now().toEpochMilli()));
        record.putObject("messageAttributes");
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:cordiul-local-webhook-deliveries");
        record.put("awsRegion", "us-east-1");
        return event.toString();
    }

    /** The EventBridge event of a schedule rule. */
    public static String schedule() {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", "123456789012");
        event.put("time", Instant.now().toString());
        event.put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:events:us-east-1:123456789012:rule/cordiul-sweep");
        event.putObject("detail");
        return event.toString();
    }
}
