package com.cordiul.fn.getcall;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallLookup;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.TestJson;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.testing.ApiEvents;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GetCallHandlerTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private static final String OWNER_A = "user_2abcOwnerA";
    private static final String ID = "call_01J9ZK3X7E8Q4M2N6P0R5T7V9W";
    private static final Instant AT = Instant.parse("2026-02-01T00:00:00Z");
    private GetCallHandler handler;

    @BeforeEach
    void fresh() {
        CallStore store = new CallStore(STORE.client(), "CallsTable");
        store.create(CallRecord.initiating(OWNER_A, ID, "contact_123", "+12025550123", "+12025550199", "Hi", AT));
        store.update(OWNER_A, ID, r -> new CallStatusMachine().apply(r, CallEvent.hangup(AT.plusSeconds(20), 486)));
        handler = new GetCallHandler(new CallLookup(store),
                RateLimitPolicy.none());
    }

    private APIGatewayProxyResponseEvent get(String owner, String id) {
        APIGatewayProxyRequestEvent event = ApiEvents.as(ApiEvents.load("get-call.json"), owner, "calls:read");
        event.setPathParameters(Map.of("id", id));
        return ApiEvents.invoke(handler, event);
    }

    private static JsonNode json(APIGatewayProxyResponseEvent response) {
        try {
            return TestJson.mapper().readTree(response.getBody());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sampleEvent_returnsTheCall() {
        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, ApiEvents.load("get-call.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode call = json(response).get("data");
        assertThat(call.get("id").asText()).isEqualTo(ID);
        assertThat(call.get("status").asText()).isEqualTo("busy");
        assertThat(call.get("reason").asText()).isEqualTo("The line was busy.");
        assertThat(call.get("duration").asLong()).isZero();
        assertThat(call.get("answered_at").isNull()).isTrue();
        assertThat(call.get("ended_at").asText()).isEqualTo("2026-02-01T00:00:20.000Z");
        assertThat(call.get("message").asText()).isEqualTo("Hi");
    }

    @Test
    void anotherOwnersCall_andAMissingOne_areTheSame404() {
        APIGatewayProxyResponseEvent foreign = get("user_9xyzOwnerB", ID);
        APIGatewayProxyResponseEvent missing = get(OWNER_A, "call_01J9ZK3X7E8Q4M2N6P0R5T7V9X");
        APIGatewayProxyResponseEvent malformed = get(OWNER_A, "x".repeat(2000));

        for (APIGatewayProxyResponseEvent r : new APIGatewayProxyResponseEvent[] {foreign, missing, malformed}) {
            assertThat(r.getStatusCode()).isEqualTo(404);
            assertThat(json(r).get("error").get("code").asText()).isEqualTo("not_found");
            assertThat(json(r).get("error").get("message")).isEqualTo(json(foreign).get("error").get("message"));
        }
    }

    @Test
    void callerWithoutReadPermission_isRefused() {
        APIGatewayProxyRequestEvent event = ApiEvents.as(ApiEvents.load("get-call.json"), OWNER_A, "calls:write");
        assertThat(ApiEvents.invoke(handler, event).getStatusCode()).isEqualTo(403);
    }
}
