package com.cordiul.fn.listcallevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallEventHistory;
import com.cordiul.calls.CallLookup;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.StatusEvents;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.testing.ApiEvents;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.TestJson;
import com.cordiul.webhooks.delivery.EventStore;
import com.cordiul.webhooks.delivery.StoredEvent;
import com.cordiul.webhooks.delivery.WebhookEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ListCallEventsHandlerTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private static final String OWNER_A = "user_2abcOwnerA";
    private static final String ID = "call_01J9ZK3X7E8Q4M2N6P0R5T7V9W";
    private static final Instant AT = Instant.parse("2026-02-01T00:00:00Z");
    private ListCallEventsHandler handler;
    private EventStore events;

    @BeforeEach
    void fresh() {
        events = new EventStore(STORE.client(), "WebhookEventsTable");
        CallStore store = new CallStore(STORE.client(), "CallsTable");
        CallRecord call = CallRecord.initiating(OWNER_A, ID, "contact_123", "+12025550123", "+12025550199", "Hi", AT);
        store.create(call);
        CallRecord busy = store.update(OWNER_A, ID, r -> new CallStatusMachine().apply(r,
                CallEvent.hangup(AT.plusSeconds(20), 486))).orElseThrow();
        // The events as the call store publishes them, and another call's, which must not show.
        record(StatusEvents.of(call, 1, AT));
        record(StatusEvents.of(busy, 2, AT.plusSeconds(20)));
        CallRecord other = CallRecord.initiating(OWNER_A, "call_01J9ZK3X7E8Q4M2N6P0R5T7V9X", "contact_123",
                "+12025550123", "+12025550199", null, AT);
        record(StatusEvents.of(other, 1, AT));
        handler = new ListCallEventsHandler(new CallEventHistory(new CallLookup(store), events),
                RateLimitPolicy.none());
    }

    private void record(WebhookEvent event) {
        events.record(OWNER_A, event, AT);
    }

    private APIGatewayProxyResponseEvent get(String owner, String id) {
        APIGatewayProxyRequestEvent event = ApiEvents.as(ApiEvents.load("list-call-events.json"), owner,
                "calls:read");
        event.setPathParameters(Map.of("id", id));
        return ApiEvents.invoke(handler, event);
    }

    private static JsonNode json(String text) {
        try {
            return TestJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sampleEvent_listsTheCallsEvents_inSequence_asStoredForDelivery() {
        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, ApiEvents.load("list-call-events.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode list = json(response.getBody()).get("data").get("events");
        List<StoredEvent> stored = events.withPrefix(OWNER_A, StatusEvents.prefix(ID, AT), 10);
        assertThat(list).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(list.get(i)).isEqualTo(json(stored.get(i).body()));
        }
        assertThat(list.get(0).get("type").asText()).isEqualTo("call.initiating");
        assertThat(list.get(1).get("type").asText()).isEqualTo("call.busy");
        assertThat(list.get(1).get("sequence").asLong()).isEqualTo(2);
        assertThat(list.get(1).get("id").asText()).isEqualTo(StatusEvents.id(ID, AT, 2));
        assertThat(list.get(1).get("data").get("call").get("reason").asText()).isEqualTo("The line was busy.");
    }

    @Test
    void anotherOwnersCall_andAMissingOne_areTheSame404() {
        APIGatewayProxyResponseEvent foreign = get("user_9xyzOwnerB", ID);
        APIGatewayProxyResponseEvent missing = get(OWNER_A, "call_01J9ZK3X7E8Q4M2N6P0R5T7V9Y");

        for (APIGatewayProxyResponseEvent r : new APIGatewayProxyResponseEvent[] {foreign, missing}) {
            assertThat(r.getStatusCode()).isEqualTo(404);
            assertThat(json(r.getBody()).get("error").get("code").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void callerWithoutReadPermission_isRefused() {
        APIGatewayProxyRequestEvent event = ApiEvents.as(ApiEvents.load("list-call-events.json"), OWNER_A,
                "calls:write");
        assertThat(ApiEvents.invoke(handler, event).getStatusCode()).isEqualTo(403);
    }
}
