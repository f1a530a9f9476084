package com.cordiul.bench.scenario;

import com.cordiul.sandbox.Invocation;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Labels answers, so the report shows which path each function really ran (a 429 is not a 201). */
public final class Outcomes {

    private Outcomes() {
    }

    /** The label of an answer: HTTP status of a proxy response, the policy effect of an authorizer, or ok/error. */
    public static String of(Invocation invocation) {
        if (invocation.error()) {
            return "error:" + (invocation.errorType().isEmpty() ? "unknown" : invocation.errorType());
        }
        JsonNode answer = parse(invocation.body());
        if (answer.has("statusCode")) {
            return answer.path("statusCode").asText();
        }
        if (answer.has("policyDocument")) {
            return answer.path("policyDocument").path("Statement").path(0).path("Effect").asText("no-effect");
        }
        if (answer.has("Actions")) {
            return "actions:" + answer.path("Actions").size();
        }
        return "ok";
    }

    /** The parsed JSON of a proxy response's body, or a missing node. */
    public static JsonNode proxyBody(Invocation invocation) {
        JsonNode answer = parse(invocation.body());
        return answer.path("body").isTextual() ? parse(answer.path("body").asText()) : answer.path("body");
    }

    static JsonNode parse(String json) {
        try {
            return Events.JSON.readTree(json);
        } catch (IOException e) {
            return Events.JSON.missingNode();
        }
    }
}
