package com.cordiul.auth;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import com.cordiul.core.MalformedJsonException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads API Gateway's REQUEST authorizer event and writes the authorizer's IAM policy, with {@link Json}. The
 * authorizer is a stream handler because the runtime's own JSON binding of these types cost it more cold-start time
 * than all of its own work (bench/README.md), and it runs in front of every request.
 */
public final class AuthorizerEvents {

    private AuthorizerEvents() {
    }

    /**
     * What the authorizer reads of its event.
     *
     * @param requestId API Gateway's request id, for the log
     * @param methodArn the ARN of the method being called, which the policy is scoped from
     * @param headers the request's headers (the last value of a repeated one, as API Gateway gives them)
     * @param multiValueHeaders every value of every header, when the event carries them (empty otherwise)
     */
    public record Request(String requestId, String methodArn, Map<String, String> headers,
                          Map<String, List<String>> multiValueHeaders) {
    }

    /** The event's request id, method ARN and headers. */
    public static Request read(byte[] json) {
        if (!(Json.parse(json) instanceof Map<?, ?> root)) {
            throw new MalformedJsonException("the event is not a JSON object", -1, -1, false);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (root.get("headers") instanceof Map<?, ?> given) {
            given.forEach((name, value) -> headers.put((String) name, value instanceof String s ? s : null));
        }
        Map<String, List<String>> multiValueHeaders = new LinkedHashMap<>();
        if (root.get("multiValueHeaders") instanceof Map<?, ?> given) {
            given.forEach((name, values) -> {
                if (values instanceof List<?> list) {
                    multiValueHeaders.put((String) name, list.stream().filter(String.class::isInstance)
                            .map(String.class::cast).toList());
                }
            });
        }
        String requestId = root.get("requestContext") instanceof Map<?, ?> context
                && context.get("requestId") instanceof String id ? id : null;
        return new Request(requestId, root.get("methodArn") instanceof String arn ? arn : null, headers,
                multiValueHeaders);
    }

    /** The policy as API Gateway reads an authorizer's answer; absent fields (a statement's Condition, the usage
     * key) are left out rather than written as null, as the runtime's serializer did. */
    public static void write(IamPolicyResponseV1 policy, OutputStream out) {
        Json.write(new Policy(policy), out);
    }

    /** The authorizer's answer (a class, not a lambda: it is preloaded with the rest). */
    private record Policy(IamPolicyResponseV1 policy) implements JsonWritable {
        @Override
        public void writeJson(JsonWriter out) {
            out.field("principalId", policy.getPrincipalId())
                    .field("policyDocument", withoutNulls(policy.getPolicyDocument()))
                    .field("context", policy.getContext())
                    .optionalField("usageIdentifierKey", policy.getUsageIdentifierKey());
        }
    }

    /** The events library's policy document (its own maps and arrays), without the fields it leaves null. */
    private static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> kept = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    kept.put((String) k, withoutNulls(v));
                }
            });
            return kept;
        }
        if (value instanceof Object[] array) {
            return java.util.Arrays.stream(array).map(AuthorizerEvents::withoutNulls).toList();
        }
        return value;
    }
}
