package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.stack.Stack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The production template's gateway responses, rendered as API Gateway renders them. */
class GatewayResponsesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Stack STACK = Stack.read(RepositoryRoot.find().resolve("template.yaml"));
    private static final GatewayResponses RESPONSES = ApiSpec.of(STACK.restApi("CordiulApi")).gatewayResponses();
    private static final GatewayResponses.Context CONTEXT = new GatewayResponses.Context("req-1", "prod", "GET",
            "/api/calls/list", "/api/calls/list", Map.of("Accept", List.of("*/*")), Map.of(), Map.of());

    @Test
    void unauthorized_isThe401Envelope_withTheRequestId() throws Exception {
        GatewayResponses.Rendered rendered = RESPONSES.render("UNAUTHORIZED", null, "Unauthorized", CONTEXT);
        assertThat(rendered.status()).isEqualTo(401);
        assertThat(rendered.headers()).containsEntry("Content-Type", "application/json")
                .containsEntry("X-Request-Id", "req-1");
        JsonNode body = JSON.readTree(rendered.body());
        assertThat(body.path("success").asBoolean(true)).isFalse();
        assertThat(body.path("error").path("code").asText()).isEqualTo("unauthorized");
        assertThat(body.path("error").path("request_id").asText()).isEqualTo("req-1");
    }

    @Test
    void missingAuthenticationToken_isDeclaredAs404() throws Exception {
        GatewayResponses.Rendered rendered = RESPONSES.render("MISSING_AUTHENTICATION_TOKEN", null,
                "Missing Authentication Token", CONTEXT);
        assertThat(rendered.status()).isEqualTo(404);
        assertThat(JSON.readTree(rendered.body()).path("error").path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void undeclared4xxType_fallsBackToDefault4xx_withItsOwnStatus_andTheMessageAsAJsonString() throws Exception {
        GatewayResponses.Rendered rendered = RESPONSES.render("BAD_REQUEST_BODY", null,
                "Invalid request body: \"name\" is required", CONTEXT);
        assertThat(rendered.status()).isEqualTo(400);
        JsonNode body = JSON.readTree(rendered.body());
        assertThat(body.path("error").path("code").asText()).isEqualTo("bad_request");
        assertThat(body.path("error").path("message").asText())
                .isEqualTo("Invalid request body: \"name\" is required");
    }

    @Test
    void functionError_isDefault5xx_withStatus502_andARetryAfter() throws Exception {
        GatewayResponses.Rendered rendered = RESPONSES.render("DEFAULT_5XX", 502, "Internal server error",
                CONTEXT);
        assertThat(rendered.status()).isEqualTo(502);
        assertThat(rendered.headers()).containsEntry("Retry-After", "1").containsEntry("X-Request-Id", "req-1");
        assertThat(JSON.readTree(rendered.body()).path("error").path("code").asText()).isEqualTo("internal_error");
    }

    @Test
    void authorizerConfigurationError_isA500_fromDefault5xx() {
        assertThat(RESPONSES.render("AUTHORIZER_CONFIGURATION_ERROR", null, "Internal server error", CONTEXT)
                .status()).isEqualTo(500);
    }

    @Test
    void authorizerFailure_isTheTemplates503_withRetryAfter() throws Exception {
        GatewayResponses.Rendered rendered = RESPONSES.render("AUTHORIZER_FAILURE", null, "Internal server error",
                CONTEXT);
        assertThat(rendered.status()).isEqualTo(503);
        assertThat(rendered.headers()).containsEntry("Retry-After", "1");
        assertThat(JSON.readTree(rendered.body()).path("error").path("code").asText())
                .isEqualTo("service_unavailable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNAUTHORIZED", "ACCESS_DENIED", "THROTTLED", "MISSING_AUTHENTICATION_TOKEN",
            "REQUEST_TOO_LARGE", "BAD_REQUEST_BODY", "INVALID_API_KEY", "AUTHORIZER_FAILURE", "INTEGRATION_TIMEOUT"})
    void everyResponse_isValidJson_whateverTheMessage(String type) throws Exception {
        GatewayResponses.Rendered rendered = RESPONSES.render(type, null, "a \"quoted\" \\ message", CONTEXT);
        assertThat(JSON.readTree(rendered.body()).path("error").path("request_id").asText()).isEqualTo("req-1");
    }

    @Test
    void apiWithoutGatewayResponses_rendersApiGatewaysOwnDefault() throws Exception {
        GatewayResponses none = new GatewayResponses(null);
        GatewayResponses.Rendered rendered = none.render("MISSING_AUTHENTICATION_TOKEN", null,
                "Missing Authentication Token", CONTEXT);
        assertThat(rendered.status()).isEqualTo(403);
        assertThat(JSON.readTree(rendered.body()).path("message").asText())
                .isEqualTo("Missing Authentication Token");
    }
}
