package com.cordiul.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What API Gateway makes of a Lambda authorizer's answer: the IAM policy is evaluated against the method ARN (an
 * explicit Deny wins, then an Allow, otherwise it is an implicit deny), and the context's values, which must be
 * strings, numbers or booleans, are handed on as strings.
 */
sealed interface AuthorizerDecision {

    /** Allowed: the principal and the context to put in {@code requestContext.authorizer}. */
    record Allow(String principalId, Map<String, String> context) implements AuthorizerDecision {
    }

    /** Denied by the policy (403 ACCESS_DENIED). */
    record Deny() implements AuthorizerDecision {
    }

    /** An answer API Gateway cannot use (500 AUTHORIZER_CONFIGURATION_ERROR). */
    record Invalid(String reason) implements AuthorizerDecision {
    }

    /** Evaluates an authorizer's response for the method being called. */
    static AuthorizerDecision evaluate(JsonNode response, String methodArn) {
        if (response == null || !response.isObject()) {
            return new Invalid("the response is not a JSON object");
        }
        JsonNode principal = response.path("principalId");
        if (!principal.isValueNode() || principal.isNull()) {
            return new Invalid("principalId is missing");
        }
        JsonNode statements = response.path("policyDocument").path("Statement");
        if (statements.isObject()) {
            statements = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(statements);
        }
        if (!statements.isArray()) {
            return new Invalid("policyDocument.Statement is missing");
        }
        boolean allowed = false;
        for (JsonNode statement : statements) {
            if (!applies(statement, methodArn)) {
                continue;
            }
            String effect = statement.path("Effect").asText();
            if ("Deny".equalsIgnoreCase(effect)) {
                return new Deny();
            }
            allowed |= "Allow".equalsIgnoreCase(effect);
        }
        if (!allowed) {
            return new Deny();
        }
        Map<String, String> context = new LinkedHashMap<>();
        context.put("principalId", principal.asText());
        JsonNode given = response.path("context");
        if (!given.isMissingNode() && !given.isNull()) {
            if (!given.isObject()) {
                return new Invalid("context is not an object");
            }
            for (var entry : given.properties()) {
                if (!entry.getValue().isValueNode()) {
                    return new Invalid("context value '" + entry.getKey() + "' is not a string, number or boolean");
                }
                context.put(entry.getKey(), entry.getValue().isNull() ? null : entry.getValue().asText());
            }
        }
        return new Allow(principal.asText(), context);
    }

    private static boolean applies(JsonNode statement, String methodArn) {
        return any(statement.path("Action"), "execute-api:Invoke") && any(statement.path("Resource"), methodArn);
    }

    private static boolean any(JsonNode patterns, String value) {
        List<String> list = new ArrayList<>();
        if (patterns.isArray()) {
            patterns.forEach(p -> list.add(p.asText()));
        } else if (patterns.isTextual()) {
            list.add(patterns.asText());
        }
        return list.stream().anyMatch(p -> glob(p).matcher(value).matches());
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
