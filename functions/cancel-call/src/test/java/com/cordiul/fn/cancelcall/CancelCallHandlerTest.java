package com.cordiul.fn.cancelcall;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.calls.CallCanceller;
import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.chime.ChimeCallUpdater;
import com.cordiul.chime.ThrottleRetry;
import com.cordiul.local.voice.ChimeQuotas;
import com.cordiul.local.voice.VoiceSimulator;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.testing.ApiEvents;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.TestJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

class CancelCallHandlerTest {

    private static final String OWNER_A = "user_2abcOwnerA";
    private static final String ID = "call_01J9ZK3X7E8Q4M2N6P0R5T7V9W";
    private static final Instant AT = Instant.parse("2026-02-01T00:00:00Z");
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();
    private static VoiceSimulator simulator;
    private static ChimeSdkVoiceClient chime;
    /** The simulated account's SIP media application: Chime places calls only through one it has. */
    private static String smaId;

    private CallStore store;
    private CancelCallHandler handler;

    @BeforeAll
    static void startChime() {
        simulator = new VoiceSimulator().withQuotas(ChimeQuotas.off()).start(0);
        smaId = simulator.sipMediaApplications().create("us-east-1", "calls",
                List.of("arn:aws:lambda:us-east-1:123456789012:function:CallStatus:live")).id();
        chime = ChimeSdkVoiceClient.builder().region(Region.US_EAST_1).endpointOverride(simulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stopChime() {
        chime.close();
        simulator.close();
    }

    @BeforeEach
    void fresh() {
        simulator.reset();
        store = new CallStore(STORE.client(), "CallsTable");
        store.create(CallRecord.initiating(OWNER_A, ID, "contact_123", "+12025550123", "+12025550199", "Hi", AT));
        handler = new CancelCallHandler(new CallCanceller(store, new ChimeCallUpdater(chime, smaId,
                new ThrottleRetry(3, n -> Duration.ZERO, d -> { })), Clock.systemUTC()), RateLimitPolicy.none());
    }

    private APIGatewayProxyResponseEvent cancel(String owner, String id, String permissions) {
        APIGatewayProxyRequestEvent event = ApiEvents.as(ApiEvents.load("cancel-call.json"), owner, permissions);
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
    void theSampleEvent_cancelsTheQueuedCall_withA200_andItIsNeverDialed() {
        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, ApiEvents.load("cancel-call.json"));
        APIGatewayProxyResponseEvent again = ApiEvents.invoke(handler, ApiEvents.load("cancel-call.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode call = json(response).get("data");
        assertThat(call.get("status").asText()).isEqualTo("canceled");
        assertThat(call.get("reason").asText()).isEqualTo(CallRecord.CANCELED_BEFORE_DIAL);
        assertThat(call.get("status_detail").asText()).isEqualTo(CallCanceller.CANCELED_DETAIL);
        assertThat(call.get("dialed_at").isNull()).isTrue();
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(json(again).get("data")).isEqualTo(call);
        assertThat(store.find(OWNER_A, ID).orElseThrow().waiting()).isFalse();
        assertThat(simulator.received()).isEmpty();
    }

    @Test
    void aDialedCall_isAnswered202_withWhatTheCancelDoes() {
        store.update(OWNER_A, ID, r -> r.claimDial(AT.plusSeconds(1), "dialer"));

        APIGatewayProxyResponseEvent response = cancel(OWNER_A, ID, "calls:write");

        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode call = json(response).get("data");
        assertThat(call.get("status").asText()).isEqualTo("initiating");
        assertThat(call.get("dialed_at").asText()).isEqualTo("2026-02-01T00:00:01.000Z");
        assertThat(call.get("status_detail").asText()).contains("far end");
    }

    @Test
    void anEndedCall_is409CallNotCancelable() {
        store.update(OWNER_A, ID, r -> new CallStatusMachine().apply(r.claimDial(AT, "d"),
                CallEvent.hangup(AT.plusSeconds(20), 486)));

        APIGatewayProxyResponseEvent response = cancel(OWNER_A, ID, "calls:write");

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("call_not_cancelable");
    }

    @Test
    void anotherOwnersCall_aMissingOne_andAMalformedId_areTheSame404_andNothingChanges() {
        APIGatewayProxyResponseEvent foreign = cancel("user_9xyzOwnerB", ID, "calls:write");
        APIGatewayProxyResponseEvent missing = cancel(OWNER_A, "call_01J9ZK3X7E8Q4M2N6P0R5T7V9X", "calls:write");
        APIGatewayProxyResponseEvent malformed = cancel(OWNER_A, "x".repeat(300), "calls:write");

        for (APIGatewayProxyResponseEvent r : List.of(foreign, missing, malformed)) {
            assertThat(r.getStatusCode()).isEqualTo(404);
            assertThat(json(r).get("error").get("code").asText()).isEqualTo("not_found");
            assertThat(json(r).get("error").get("message")).isEqualTo(json(foreign).get("error").get("message"));
        }
        assertThat(store.find(OWNER_A, ID).orElseThrow().cancelRequestedAt()).isNull();
    }

    @Test
    void aCallerWithoutCallsWrite_isRefused403_andNothingChanges() {
        APIGatewayProxyResponseEvent response = cancel(OWNER_A, ID, "calls:read");

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(store.find(OWNER_A, ID).orElseThrow().waiting()).isTrue();
    }
}
