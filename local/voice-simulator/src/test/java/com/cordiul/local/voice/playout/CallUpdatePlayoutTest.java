package com.cordiul.local.voice.playout;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.voice.AcceptedDial;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UpdateSipMediaApplicationCall in the playout: CALL_UPDATE_REQUESTED delivered at once, its answer run. */
class CallUpdatePlayoutTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final PlayoutTiming FAST = PlayoutTiming.scaled(0.01)
            .withInvocationLimits(Duration.ofSeconds(5), Duration.ofSeconds(20));
    private static final Map<String, String> HANG_UP = Map.of("cordiul_action", "hangup");
    private static final String HANGUP_ACTION = "{\"Type\":\"Hangup\",\"Parameters\":{\"SipResponseCode\":\"0\"}}";
    private static final String LONG_PAUSE =
            "{\"Type\":\"Pause\",\"Parameters\":{\"DurationInMilliseconds\":\"600000\"}}";

    private final List<String> ended = new CopyOnWriteArrayList<>();
    private CallPlayout playout;
    private AcceptedDial dial;

    @AfterEach
    void stop() {
        playout.close();
    }

    /** Plays a call to {@code to}; the script may ask for an update by returning through {@link #updateThen}. */
    private List<PlayedEvent> play(String to, Function<JsonNode, String> script) throws InterruptedException {
        playout = new CallPlayout(new ScriptedFunction(script), FAST).onCallEnded(ended::add);
        dial = new AcceptedDial("sma-1", UUID.randomUUID().toString(), "+12065550100", to,
                Map.of("call_id", "call_1", "owner", "user_1"), Map.of());
        playout.dialed(dial);
        assertThat(playout.awaitFinished(dial.transactionId(), PATIENCE)).isTrue();
        return playout.events(dial.transactionId());
    }

    /** Asks for an update now (as the cancel endpoint would while the function runs), then answers. */
    private String updateThen(String answer) {
        playout.updateRequested(dial, HANG_UP);
        return answer;
    }

    private static String actions(String... actions) {
        return "{\"SchemaVersion\":\"1.0\",\"Actions\":[" + String.join(",", actions) + "]}";
    }

    private static String type(JsonNode event) {
        return event.path("InvocationEventType").asText();
    }

    private static List<String> types(List<PlayedEvent> events) {
        return events.stream().map(PlayedEvent::type).toList();
    }

    private static JsonNode json(PlayedEvent e) throws Exception {
        return ScriptedFunction.JSON.readTree(e.event());
    }

    @Test
    void hangupAnsweredToAnUpdate_endsTheAnsweredCall_withAHangupEvent() throws Exception {
        List<PlayedEvent> events = play("+12025550100", event -> switch (type(event)) {
            case "NEW_OUTBOUND_CALL" -> ScriptedFunction.cordiulLike(event);
            case "CALL_ANSWERED" -> updateThen(actions(LONG_PAUSE, HANGUP_ACTION));
            case "CALL_UPDATE_REQUESTED" -> actions(HANGUP_ACTION);
            default -> ScriptedFunction.empty();
        });
        assertThat(types(events)).containsExactly("NEW_OUTBOUND_CALL", "RINGING", "CALL_ANSWERED",
                "CALL_UPDATE_REQUESTED", "HANGUP");
        JsonNode update = json(events.get(3));
        assertThat(update.path("ActionData").path("Type").asText()).isEqualTo("CallUpdateRequest");
        assertThat(update.path("ActionData").path("Parameters").path("Arguments").path("cordiul_action").asText())
                .isEqualTo("hangup");
        assertThat(update.path("CallDetails").path("TransactionAttributes").path("call_id").asText())
                .isEqualTo("call_1");
        assertThat(update.path("CallDetails").path("Participants").path(0).path("Status").asText())
                .isEqualTo("Connected");
        assertThat(update.path("Sequence").asLong()).isEqualTo(4);
        assertThat(ended).containsExactly(dial.transactionId());
    }

    @Test
    void hangupAnsweredWhileTheFarEndRings_doesNotTakeEffect_andTheCallEndsAsTheFarEndDecides() throws Exception {
        List<PlayedEvent> events = play("+12025550101", event -> switch (type(event)) {
            case "RINGING" -> updateThen(ScriptedFunction.empty());
            case "CALL_UPDATE_REQUESTED" -> actions(HANGUP_ACTION);
            default -> ScriptedFunction.empty();
        });
        assertThat(types(events)).containsExactly("NEW_OUTBOUND_CALL", "RINGING", "CALL_UPDATE_REQUESTED",
                "HANGUP");
        assertThat(json(events.get(2)).path("CallDetails").path("Participants").path(0).has("Status")).isFalse();
        assertThat(json(events.get(3)).path("ActionData").path("Parameters").path("SipResponseCode").asText())
                .isEqualTo("486");
    }

    @Test
    void updateAnsweredWithNoActions_letsTheRunningActionsFinish() throws Exception {
        List<PlayedEvent> events = play("+12025550100", event -> switch (type(event)) {
            case "CALL_ANSWERED" -> updateThen(actions(ScriptedFunction.speak(legA(event), "Hello there"),
                    HANGUP_ACTION));
            default -> ScriptedFunction.empty();
        });
        assertThat(types(events)).containsExactly("NEW_OUTBOUND_CALL", "RINGING", "CALL_ANSWERED",
                "CALL_UPDATE_REQUESTED", "HANGUP");
    }

    @Test
    void updateAnsweredWithOtherActions_replacesTheRunningOnes() throws Exception {
        List<PlayedEvent> events = play("+12025550100", event -> switch (type(event)) {
            case "CALL_ANSWERED" -> updateThen(actions(LONG_PAUSE, HANGUP_ACTION));
            case "CALL_UPDATE_REQUESTED" -> actions(ScriptedFunction.speak(legA(event), "Goodbye"));
            case "ACTION_SUCCESSFUL" -> actions(HANGUP_ACTION);
            default -> ScriptedFunction.empty();
        });
        assertThat(types(events)).containsExactly("NEW_OUTBOUND_CALL", "RINGING", "CALL_ANSWERED",
                "CALL_UPDATE_REQUESTED", "ACTION_SUCCESSFUL", "HANGUP");
        assertThat(json(events.get(4)).path("ActionData").path("Type").asText()).isEqualTo("Speak");
    }

    @Test
    void callThatNeverGetsAnEvent_endsSilentlyAfterItsLifetime_andIsReportedOnce() throws Exception {
        assertThat(play("+12025550104", ScriptedFunction::cordiulLike)).isEmpty();
        assertThat(ended).containsExactly(dial.transactionId());
    }

    @Test
    void updateForAFinishedCall_isIgnored() throws Exception {
        play("+12025550101", ScriptedFunction::cordiulLike);
        playout.updateRequested(dial, HANG_UP);
        assertThat(types(playout.events(dial.transactionId()))).containsExactly("NEW_OUTBOUND_CALL", "RINGING",
                "HANGUP");
    }

    private static String legA(JsonNode event) {
        return event.path("CallDetails").path("Participants").path(0).path("CallId").asText();
    }
}
