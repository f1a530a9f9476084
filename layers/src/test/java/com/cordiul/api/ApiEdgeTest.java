package com.cordiul.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.idempotency.RequestInProgressException;
import com.cordiul.identity.Permission;
import com.cordiul.ratelimit.RateLimitedException;
import com.cordiul.testing.TestJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class ApiEdgeTest {

    private static APIGatewayProxyRequestEvent event(String permissions) {
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("req-1");
        context.setAuthorizer(Map.of("owner", "owner-1", "key_id", "key_1", "permissions", permissions));
        return new APIGatewayProxyRequestEvent().withRequestContext(context).withResource("/api/test");
    }

    private static JsonNode body(APIGatewayProxyResponseEvent response) throws Exception {
        return TestJson.mapper().readTree(response.getBody());
    }

    @Test
    void success_isWrappedInTheEnvelope_withTheRequestId() throws Exception {
        var response = ApiEdge.handle(event("calls:read"), r -> ApiResult.ok(Map.of("n", 1)));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("X-Request-Id", "req-1")
                .containsEntry("Content-Type", "application/json");
        JsonNode body = body(response);
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("data").get("n").asInt()).isEqualTo(1);
        assertThat(body.get("error").isNull()).isTrue();
    }

    @Test
    void missingPermission_is403_namingThePermission() throws Exception {
        var response = ApiEdge.handle(event("calls:read"), r -> {
            r.caller().require(Permission.CALLS_WRITE);
            return ApiResult.ok("never");
        });
        assertThat(response.getStatusCode()).isEqualTo(403);
        JsonNode error = body(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo("forbidden");
        assertThat(error.get("message").asText()).contains("calls:write");
        assertThat(error.get("request_id").asText()).isEqualTo("req-1");
    }

    @Test
    void unexpectedFailure_is500_andNeverEchoesItsText() throws Exception {
        var response = ApiEdge.handle(event(""), r -> {
            throw new IllegalStateException("secret ck_live_abc at com.cordiul.Foo");
        });
        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).doesNotContain("secret", "ck_live", "com.cordiul", "Exception");
        assertThat(body(response).get("error").get("message").asText()).isEqualTo(ErrorMapper.INTERNAL_MESSAGE);
    }

    @Test
    void sdkFailure_is503_withRetryAfter_andNoSdkText() {
        var response = ApiEdge.handle(event(""), r -> {
            throw SdkClientException.create("Unable to execute HTTP request: Connection refused localhost:1234");
        });
        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("Retry-After", "1");
        assertThat(response.getBody()).doesNotContain("Connection refused", "localhost");
    }

    @Test
    void storeUnavailable_is503() {
        var response = ApiEdge.handle(event(""), r -> {
            throw new StoreUnavailableException("The store is unavailable.", 2, null);
        });
        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("Retry-After", "2");
    }

    @Test
    void conflict_is409_withItsCode() throws Exception {
        var response = ApiEdge.handle(event(""), r -> {
            throw new RequestInProgressException("Still running.", 3);
        });
        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(response.getHeaders()).containsEntry("Retry-After", "3");
        assertThat(body(response).get("error").get("code").asText()).isEqualTo("request_in_progress");
    }

    @Test
    void rateLimited_is429_withTheLimitHeaders() {
        var response = ApiEdge.handle(event(""), r -> {
            throw new RateLimitedException("Too many.", 7, Map.of("X-RateLimit-Limit", "10",
                    "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1767261660"));
        });
        assertThat(response.getStatusCode()).isEqualTo(429);
        assertThat(response.getHeaders()).containsEntry("Retry-After", "7").containsEntry("X-RateLimit-Limit", "10");
    }

    @Test
    void routeWithoutAuthorizerContext_isRefusedAs401() {
        var response = ApiEdge.handle(new APIGatewayProxyRequestEvent(), r -> ApiResult.ok(r.caller().owner()));
        assertThat(response.getStatusCode()).isEqualTo(401);
    }

    @Test
    void aRepeatedCredentialHeader_is401_beforeTheOperationRuns() throws Exception {
        var event = event("calls:read").withMultiValueHeaders(Map.of("x-api-key",
                java.util.List.of("ck_live_first", "ck_live_second")));
        var response = ApiEdge.handle(event, r -> {
            throw new AssertionError("the operation must not run");
        });
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(body(response).get("error").get("code").asText()).isEqualTo("unauthorized");
    }
}
