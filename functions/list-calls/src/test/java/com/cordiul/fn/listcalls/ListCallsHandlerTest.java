package com.cordiul.fn.listcalls;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallIds;
import com.cordiul.calls.CallQueries;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.TestJson;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.testing.ApiEvents;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ListCallsHandlerTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private static final String OWNER_A = "user_2abcOwnerA";
    private static final String OWNER_B = "user_9xyzOwnerB";
    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
    private CallStore store;
    private ListCallsHandler handler;

    @BeforeEach
    void fresh() {
        store = new CallStore(STORE.client(), "CallsTable");
        handler = new ListCallsHandler(new CallQueries(STORE.client(), "CallsTable"),
                RateLimitPolicy.none());
    }

    private CallRecord seed(String owner, int second, boolean completed) {
        Instant at = T0.plusSeconds(second);
        CallRecord call = CallRecord.initiating(owner, CallIds.next(at), "contact_123", "+12025550123",
                "+12025550199", null, at);
        store.create(call);
        if (completed) {
            CallStatusMachine machine = new CallStatusMachine();
            store.update(owner, call.id(), r -> machine.apply(machine.apply(r, CallEvent.answered(at.plusSeconds(5))),
                    CallEvent.hangup(at.plusSeconds(125), 0)));
        }
        return store.find(owner, call.id()).orElseThrow();
    }

    private APIGatewayProxyResponseEvent list(String owner, Map<String, String> query) {
        APIGatewayProxyRequestEvent event = ApiEvents.as(ApiEvents.load("list-calls.json"), owner,
                "calls:read");
        event.setQueryStringParameters(query);
        Map<String, List<String>> multi = new HashMap<>();
        query.forEach((k, v) -> multi.put(k, List.of(v)));
        event.setMultiValueQueryStringParameters(multi);
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
    void sampleEvent_listsCompletedCalls_withTheCallView() {
        CallRecord done = seed(OWNER_A, 1, true);
        seed(OWNER_A, 2, false);

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, ApiEvents.load("list-calls.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode data = json(response).get("data");
        assertThat(data.get("total").asInt()).isEqualTo(1);
        assertThat(data.get("has_more").asBoolean()).isFalse();
        assertThat(data.get("next_cursor").isNull()).isTrue();
        JsonNode call = data.get("calls").get(0);
        assertThat(call.get("id").asText()).isEqualTo(done.id());
        assertThat(call.get("status").asText()).isEqualTo("completed");
        assertThat(call.get("duration").asLong()).isEqualTo(120);
        assertThat(call.get("created_at").asText()).isEqualTo("2026-02-01T00:00:01.000Z");
        assertThat(call.get("answered_at").asText()).isEqualTo("2026-02-01T00:00:06.000Z");
        assertThat(call.get("ended_at").asText()).isEqualTo("2026-02-01T00:02:06.000Z");
        assertThat(call.has("reason")).isFalse();
    }

    @Test
    void pagesFollowTheCursor_andTotalCountsThisPage() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(0, seed(OWNER_A, i, false).id());
        }
        List<String> seen = new ArrayList<>();
        Map<String, String> query = new HashMap<>(Map.of("limit", "2"));
        while (true) {
            JsonNode data = json(list(OWNER_A, query)).get("data");
            data.get("calls").forEach(c -> seen.add(c.get("id").asText()));
            assertThat(data.get("total").asInt()).isEqualTo(data.get("calls").size());
            if (!data.get("has_more").asBoolean()) {
                break;
            }
            query.put("cursor", data.get("next_cursor").asText());
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void badParameters_are400sNamingTheParameter() {
        Map<Map<String, String>, String> cases = Map.of(
                Map.of("limit", "0"), "limit",
                Map.of("limit", "5001"), "limit",
                Map.of("limit", "ten"), "limit",
                Map.of("status", "done"), "status",
                Map.of("contact_id", "a#b"), "contact_id",
                Map.of("created_after", "yesterday"), "created_after",
                Map.of("created_before", "2026-13-01T00:00:00Z"), "created_before",
                Map.of("cursor", "bogus"), "cursor",
                Map.of("page", "2"), "page");
        cases.forEach((query, field) -> {
            APIGatewayProxyResponseEvent response = list(OWNER_A, query);
            assertThat(response.getStatusCode()).as(query.toString()).isEqualTo(400);
            assertThat(json(response).get("error").get("field").asText()).as(query.toString()).isEqualTo(field);
        });
    }

    @Test
    void anOwnerNeverSeesAnotherOwnersCalls_orUsesTheirCursor() {
        seed(OWNER_A, 1, false);
        seed(OWNER_A, 2, false);
        seed(OWNER_B, 3, false);
        JsonNode a = json(list(OWNER_A, Map.of("limit", "1"))).get("data");
        assertThat(json(list(OWNER_B, Map.of())).get("data").get("total").asInt()).isEqualTo(1);
        assertThat(list(OWNER_B, Map.of("limit", "1", "cursor", a.get("next_cursor").asText())).getStatusCode())
                .isEqualTo(400);
    }

    @Test
    void callerWithoutReadPermission_isRefused() {
        APIGatewayProxyRequestEvent event = ApiEvents.as(ApiEvents.load("list-calls.json"), OWNER_A, "calls:write");
        assertThat(ApiEvents.invoke(handler, event).getStatusCode()).isEqualTo(403);
    }
}
