package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizerDecisionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:local/prod/GET/api/calls/list";

    @Test
    void allowOnAWildcardResource_allows_andStringifiesTheContext() throws Exception {
        AuthorizerDecision decision = AuthorizerDecision.evaluate(json("""
                {"principalId":"key_1","policyDocument":{"Version":"2012-10-17","Statement":[{
                  "Action":"execute-api:Invoke","Effect":"Allow",
                  "Resource":"arn:aws:execute-api:us-east-1:123456789012:local/prod/*"}]},
                 "context":{"owner":"acme","count":2,"admin":false}}"""), ARN);
        assertThat(decision).isEqualTo(new AuthorizerDecision.Allow("key_1",
                Map.of("principalId", "key_1", "owner", "acme", "count", "2", "admin", "false")));
    }

    @Test
    void explicitDeny_winsOverAnAllow() throws Exception {
        AuthorizerDecision decision = AuthorizerDecision.evaluate(json("""
                {"principalId":"p","policyDocument":{"Statement":[
                  {"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"},
                  {"Action":["execute-api:*"],"Effect":"Deny","Resource":["%s"]}]}}""".formatted(ARN)), ARN);
        assertThat(decision).isInstanceOf(AuthorizerDecision.Deny.class);
    }

    @Test
    void allowForAnotherMethod_isAnImplicitDeny() throws Exception {
        AuthorizerDecision decision = AuthorizerDecision.evaluate(json("""
                {"principalId":"p","policyDocument":{"Statement":{"Action":"execute-api:Invoke","Effect":"Allow",
                  "Resource":"arn:aws:execute-api:us-east-1:123456789012:local/prod/POST/*"}}}"""), ARN);
        assertThat(decision).isInstanceOf(AuthorizerDecision.Deny.class);
    }

    @Test
    void missingPrincipalOrPolicy_isUnusable() throws Exception {
        assertThat(AuthorizerDecision.evaluate(json("{\"policyDocument\":{\"Statement\":[]}}"), ARN))
                .isInstanceOf(AuthorizerDecision.Invalid.class);
        assertThat(AuthorizerDecision.evaluate(json("{\"principalId\":\"p\"}"), ARN))
                .isInstanceOf(AuthorizerDecision.Invalid.class);
        assertThat(AuthorizerDecision.evaluate(json("\"Allow\""), ARN))
                .isInstanceOf(AuthorizerDecision.Invalid.class);
    }

    @Test
    void nestedContextValue_isUnusable() throws Exception {
        AuthorizerDecision decision = AuthorizerDecision.evaluate(json("""
                {"principalId":"p","policyDocument":{"Statement":[
                  {"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"}]},
                 "context":{"caller":{"owner":"acme"}}}"""), ARN);
        assertThat(decision).isInstanceOf(AuthorizerDecision.Invalid.class);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
