package com.cordiul.calls.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatus;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.chime.sma.Fixtures;
import com.cordiul.chime.sma.SpeakVoice;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.testing.MutableClock;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.TestJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class CallProgressTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final String OWNER = "user_2NNEqL2nrIRdJ194ndJqAHwEfxC";
    private static final String CALL = "call_01JD0000000000000000000000";
    private static final String TX = "7b1e8f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final String LEG_A = "2adfe491-aaaa-bbbb-cccc-ddddeeeeffff";
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private final CallStatusMachine machine = new CallStatusMachine();
    private final MutableClock clock = new MutableClock(T0.plusSeconds(1));
    private CallStore store;
    private CallProgress progress;

    @BeforeEach
    void emptyTables() {
        store = new CallStore(STORE.client(), "CallsTable");
        progress = new CallProgress(store, machine, clock, "Default greeting.",
                new SpeakVoice("Matthew", "en-GB", "standard"));
    }

    private void seed(String message, boolean withTransaction) {
        store.create(CallRecord.initiating(OWNER, CALL, "contact_1", "+14155550123", "+12065550100", message, T0));
        if (withTransaction) {
            store.update(OWNER, CALL, r -> machine.apply(r, CallEvent.dialAccepted(T0, TX)));
        }
    }

    private JsonNode sendFixture(String fixture) throws Exception {
        return send(Fixtures.read(fixture));
    }

    private JsonNode send(ObjectNode event) throws Exception {
        return send(event.toString());
    }

    private JsonNode send(String json) throws Exception {
        String response = progress.respond(json.getBytes(StandardCharsets.UTF_8));
        JsonNode root = TestJson.mapper().readTree(response);
        assertThat(root.get("SchemaVersion").asText()).isEqualTo("1.0");
        assertThat(root.get("Actions").isArray()).isTrue();
        return root;
    }

    private static ObjectNode fixture(String name) throws Exception {
        return (ObjectNode) TestJson.mapper().readTree(Fixtures.read(name));
    }

    private CallRecord call() {
        return store.find(OWNER, CALL).orElseThrow();
    }

    @Test
    void newOutboundCall_queuesTheCall_recordsTheTransaction_andHandsTheArgumentsBack() throws Exception {
        seed(null, false);
        JsonNode response = sendFixture("call-status-new-outbound-call.json");
        assertThat(response.get("Actions")).isEmpty();
        assertThat(response.at("/TransactionAttributes/call_id").asText()).isEqualTo(CALL);
        assertThat(response.at("/TransactionAttributes/owner").asText()).isEqualTo(OWNER);
        CallRecord call = call();
        assertThat(call.status()).isEqualTo(CallStatus.QUEUED);
        assertThat(call.queuedAt()).isEqualTo(clock.instant());
        assertThat(call.transactionId()).isEqualTo(TX);
    }

    @Test
    void eventWithoutAttributes_isMatchedByItsTransactionId() throws Exception {
        seed(null, true);
        ObjectNode ringing = fixture("call-status-ringing.json");
        ((ObjectNode) ringing.get("CallDetails")).remove("TransactionAttributes");
        JsonNode response = send(ringing);
        assertThat(response.get("Actions")).isEmpty();
        assertThat(response.at("/TransactionAttributes/call_id").asText()).isEqualTo(CALL);
        assertThat(call().status()).isEqualTo(CallStatus.RINGING);
    }

    @Test
    void answer_speaksTheCallsMessageToLegA_thenHangsUp() throws Exception {
        seed("Your order has shipped.", true);
        JsonNode actions = sendFixture("call-status-call-answered.json").get("Actions");
        assertThat(actions).hasSize(2);
        assertThat(actions.at("/0/Type").asText()).isEqualTo("Speak");
        assertThat(actions.at("/0/Parameters/Text").asText()).isEqualTo("Your order has shipped.");
        assertThat(actions.at("/0/Parameters/CallId").asText()).isEqualTo(LEG_A);
        assertThat(actions.at("/0/Parameters/VoiceId").asText()).isEqualTo("Matthew");
        assertThat(actions.at("/0/Parameters/LanguageCode").asText()).isEqualTo("en-GB");
        assertThat(actions.at("/0/Parameters/Engine").asText()).isEqualTo("standard");
        assertThat(actions.at("/1/Type").asText()).isEqualTo("Hangup");
        assertThat(actions.at("/1/Parameters/ParticipantTag").asText()).isEqualTo("LEG-A");
        assertThat(call().status()).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(call().answeredAt()).isEqualTo(clock.instant());
    }

    @Test
    void answerOfACallWithoutMessage_speaksTheDefaultGreeting() throws Exception {
        seed(null, true);
        JsonNode actions = sendFixture("call-status-call-answered.json").get("Actions");
        assertThat(actions.at("/0/Parameters/Text").asText()).isEqualTo("Default greeting.");
    }

    @Test
    void hangupAfterAnswer_completesTheCall_withTalkTimeOnOurClock() throws Exception {
        seed(null, true);
        sendFixture("call-status-call-answered.json");
        clock.advance(Duration.ofSeconds(42));
        assertThat(sendFixture("call-status-hangup-after-answer.json").get("Actions")).isEmpty();
        CallRecord call = call();
        assertThat(call.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(call.durationSeconds()).isEqualTo(42L);
        assertThat(call.hangupCode()).isZero();
    }

    @Test
    void hangupWithNumericBusyCode_isBusy() throws Exception {
        seed(null, true);
        sendFixture("call-status-ringing.json");
        sendFixture("call-status-hangup-busy.json");
        assertThat(call().status()).isEqualTo(CallStatus.BUSY);
        assertThat(call().reason()).isEqualTo("The line was busy.");
    }

    @Test
    void legBHangupNamingTheLastAction_stillEndsTheCallWithItsCode() throws Exception {
        seed(null, true);
        ObjectNode hangup = fixture("call-status-hangup-busy.json");
        ObjectNode data = (ObjectNode) hangup.get("ActionData");
        data.put("Type", "Speak");
        ((ObjectNode) data.get("Parameters")).put("ParticipantTag", "LEG-B").put("SipResponseCode", "480");
        send(hangup);
        assertThat(call().status()).isEqualTo(CallStatus.NO_ANSWER);
    }

    @Test
    void failedSpeak_isAnsweredWithAHangup_otherFailuresWithNothing() throws Exception {
        seed(null, true);
        JsonNode actions = sendFixture("call-status-action-failed.json").get("Actions");
        assertThat(actions).hasSize(1);
        assertThat(actions.at("/0/Type").asText()).isEqualTo("Hangup");
        ObjectNode pauseFailed = fixture("call-status-action-failed.json");
        ((ObjectNode) pauseFailed.get("ActionData")).put("Type", "Pause");
        assertThat(send(pauseFailed).get("Actions")).isEmpty();
        assertThat(call().status()).isEqualTo(CallStatus.INITIATING);
    }

    @Test
    void unknownCall_isAnsweredWithNoActions_andNothingIsWritten() throws Exception {
        JsonNode response = sendFixture("call-status-call-answered.json");
        assertThat(response.get("Actions")).isEmpty();
        assertThat(store.find(OWNER, CALL)).isEmpty();
    }

    @Test
    void eventOfAnotherTransaction_recordsNothingOnTheCall() throws Exception {
        seed(null, true);
        ObjectNode other = fixture("call-status-call-answered.json");
        ((ObjectNode) other.get("CallDetails")).put("TransactionId", "another-transaction");
        assertThat(send(other).get("Actions")).isEmpty();
        assertThat(call().status()).isEqualTo(CallStatus.INITIATING);
        assertThat(call().transactionId()).isEqualTo(TX);
    }

    @Test
    void malformedAndUnknownEvents_areAnsweredWithNoActions() throws Exception {
        assertThat(send("{\"not\":\"an event\"}").get("Actions")).isEmpty();
        assertThat(send("\u0000garbage").get("Actions")).isEmpty();
        ObjectNode unknown = fixture("call-status-ringing.json");
        unknown.put("InvocationEventType", "SOMETHING_NEW");
        assertThat(send(unknown).get("Actions")).isEmpty();
    }

    @Test
    void storeFault_isThrown_soThatChimeRetries() throws Exception {
        try (Dynalite other = Dynalite.startInMemory(); DynamoDbClient stopped = other.client()) {
            other.close();
            CallProgress down = new CallProgress(new CallStore(stopped, "CallsTable"), machine, clock, "Hi",
                    new SpeakVoice("Joanna", "en-US", "neural"));
            byte[] ringing = Fixtures.read("call-status-ringing.json").getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> down.respond(ringing)).isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void anUpdateSentByACancel_isAnsweredWithAHangup_anyOtherUpdateWithNothing() throws Exception {
        seed(null, true);

        JsonNode hangup = sendFixture("call-status-call-update-requested-hangup.json");
        JsonNode other = sendFixture("call-status-call-update-requested.json");

        assertThat(hangup.get("Actions")).singleElement().satisfies(a -> {
            assertThat(a.get("Type").asText()).isEqualTo("Hangup");
            assertThat(a.at("/Parameters/ParticipantTag").asText()).isEqualTo("LEG-A");
        });
        assertThat(hangup.at("/TransactionAttributes/call_id").asText()).isEqualTo(CALL);
        assertThat(other.get("Actions")).isEmpty();
        assertThat(call().status()).isEqualTo(CallStatus.INITIATING);
    }

    @Test
    void aCallAnsweredAfterItsCancelWasRequested_isHungUpInsteadOfSpoken_andCompletesWithItsRealDuration()
            throws Exception {
        seed("Your order is ready.", true);
        store.update(OWNER, CALL, r -> r.requestCancel(T0.plusMillis(500)));

        JsonNode answered = sendFixture("call-status-call-answered.json");
        clock.advance(Duration.ofSeconds(2));
        sendFixture("call-status-hangup-after-answer.json");

        assertThat(answered.get("Actions")).singleElement()
                .satisfies(a -> assertThat(a.get("Type").asText()).isEqualTo("Hangup"));
        assertThat(call().status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(call().durationSeconds()).isEqualTo(2L);
    }

    @Test
    void aCallWhoseCancelTookEffectBeforeAnAnswer_isCanceled_whileOneTheFarEndEndedKeepsItsOutcome()
            throws Exception {
        seed(null, true);
        store.update(OWNER, CALL, r -> r.requestCancel(T0.plusMillis(500)));
        ObjectNode cleared = fixture("call-status-hangup-busy.json");
        ((ObjectNode) cleared.at("/ActionData/Parameters")).put("SipResponseCode", "0");

        send(cleared);

        assertThat(call().status()).isEqualTo(CallStatus.CANCELED);
        assertThat(call().reason()).isEqualTo(CallRecord.CANCELED_BEFORE_ANSWER);
        store.create(CallRecord.initiating(OWNER, "call_busy", "contact_1", "+14155550123", "+12065550100", null,
                T0));
        store.update(OWNER, "call_busy", r -> machine.apply(r.claimDial(T0, "t").requestCancel(T0),
                CallEvent.hangup(T0, 486)));
        assertThat(store.find(OWNER, "call_busy").orElseThrow().status()).isEqualTo(CallStatus.BUSY);
    }
}
