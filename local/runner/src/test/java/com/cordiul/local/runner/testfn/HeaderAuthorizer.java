package com.cordiul.local.runner.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test authorizer: its decision is named by the Authorization header. */
public class HeaderAuthorizer implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, String> headers = (Map<String, String>) event.get("headers");
        String decision = headers == null ? null : headers.get("Authorization");
        String methodArn = (String) event.get("methodArn");
        if (decision == null) {
            throw new RuntimeException("Unauthorized");
        }
        switch (decision) {
            case "allow":
                Map<String, Object> context1 = new LinkedHashMap<>();
                context1.put("owner", "tester");
                context1.put("level", 3);
                context1.put("admin", true);
                context1.put("seen_type", event.get("type"));
                context1.put("seen_resource", event.get("resource"));
                context1.put("seen_method_arn", methodArn);
                return policy("Allow", methodArn, context1);
            case "allow-elsewhere":
                return policy("Allow", "arn:aws:execute-api:us-east-1:123456789012:other/*", Map.of());
            case "deny":
                return policy("Deny", methodArn, Map.of());
            case "boom":
                throw new IllegalStateException("the key store is down");
            case "garbled":
                return Map.of("unexpected", "shape");
            default:
                throw new RuntimeException("Unauthorized");
        }
    }

    private static Map<String, Object> policy(String effect, String resource, Map<String, Object> context) {
        Map<String, Object> statement = Map.of("Action", "execute-api:Invoke", "Effect", effect,
                "Resource", resource);
        return Map.of("principalId", "tester",
                "policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(statement)),
                "context", context);
    }
}
