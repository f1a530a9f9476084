package com.cordiul.local.voice.playout;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.voice.AcceptedDial;
import com.cordiul.local.voice.SmaInvoker;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallPlayoutTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final PlayoutTiming FAST = PlayoutTiming.scaled(0.01)
            .withInvocationLimits(Duration.ofSeconds(5), Duration.ofSeconds(20));

    private final CountDownLatch release = new CountDownLatch(1);
    private CallPlayout playout;

    @AfterEach
    void stop() {
        release.countDown();
        if (playout != null) {
            playout.close();
        }
    }

    private List<PlayedEvent> playScripted(String to, Function<JsonNode, String> script, PlayoutTiming timing)
            throws InterruptedException {
        return play(to, new ScriptedFunction(script), timing);
    }

    private List<PlayedEvent> play(String to, SmaInvoker function, PlayoutTiming timing)
            throws InterruptedException {
        playout = new CallPlayout(function, timing);
        String tx = UUID.randomUUID().toString();
        playout.dialed(new AcceptedDial("sma-1", tx, "+12065550100", to,
                Map.of("call_id", "call_1", "owner", "user_1"), Map.of()));
        assertThat(playout.awaitFinished(tx, PATIENCE)).isTrue();
        return playout.events(tx);
    }

    private static List<String> types(List<PlayedEvent> events) {
        return events.stream().map(PlayedEvent::type).toList();
    }

    private static JsonNode json(String s) throws Exception {
        return ScriptedFunction.JSON.readTree(s);
    }

    private static String hangupCode(PlayedEvent e) throws Exception {
        return json(e.event()).path("ActionData").path("Parameters").path("SipResponseCode").asText();
    }

    @Test
    void answeredCall_getsChimesEventsInOrder_withArgumentsAndAttributesCarried() throws Exception {
        List<PlayedEvent> events = playScripted("+12025550100", ScriptedFunction::cordiulLike, FAST);
        assertThat(types(events)).containsExactly("NEW_OUTBOUND_CALL", "RINGING", "CALL_ANSWERED", "HANGUP");
        assertThat(events).extracting(PlayedEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events).extracting(PlayedEvent::result).containsOnly("ok");
        JsonNode first = json(events.get(0).event());
        assertThat(first.path("ActionData").path("Parameters").path("Arguments").path("owner").asText())
                .isEqualTo("user_1");
        assertThat(first.path("CallDetails").has("TransactionAttributes")).isFalse();
        JsonNode leg = first.path("CallDetails").path("Participants").path(0);
        assertThat(leg.path("ParticipantTag").asText()).isEqualTo("LEG-A");
        assertThat(leg.path("To").asText()).isEqualTo("+12025550100");
        assertThat(leg.path("StartTimeInMilliseconds").isTextual()).isTrue();
        assertThat(json(events.get(1).event()).path("CallDetails").path("TransactionAttributes")
                .path("call_id").asText()).isEqualTo("call_1");
        assertThat(hangupCode(events.get(3))).isEqualTo("0");
    }

    @Test
    void busyNoAnswerAndFailedNumbers_hangUpWithTheirSipCodes() throws Exception {
        List<PlayedEvent> busy = playScripted("+12025550101", ScriptedFunction::cordiulLike, FAST);
        assertThat(types(busy)).containsExactly("NEW_OUTBOUND_CALL", "RINGING", "HANGUP");
        assertThat(hangupCode(busy.get(2))).isEqualTo("486");
        playout.close();
        List<PlayedEvent> noAnswer = playScripted("+12025550102", ScriptedFunction::cordiulLike, FAST);
        assertThat(types(noAnswer)).containsExactly("NEW_OUTBOUND_CALL", "RINGING", "HANGUP");
        assertThat(hangupCode(noAnswer.get(2))).isEqualTo("480");
        playout.close();
        List<PlayedEvent> failed = playScripted("+12025550103", ScriptedFunction::cordiulLike, FAST);
        assertThat(types(failed)).containsExactly("NEW_OUTBOUND_CALL", "HANGUP");
        assertThat(hangupCode(failed.get(1))).isEqualTo("503");
    }

    @Test
    void neverConfirmedNumber_sendsNoEventAtAll() throws Exception {
        ScriptedFunction function = new ScriptedFunction(ScriptedFunction::cordiulLike);
        assertThat(play("+12025550104", function, FAST)).isEmpty();
        assertThat(function.received).isEmpty();
    }

    @Test
    void speakWithoutHangup_reportsSuccessAfterTheList_thenTheFarEndHangsUp() throws Exception {
        List<PlayedEvent> events = playScripted("+12025550199", event -> {
            String legA = event.path("CallDetails").path("Participants").path(0).path("CallId").asText();
            return event.path("InvocationEventType").asText().equals("CALL_ANSWERED")
                    ? "{\"SchemaVersion\":\"1.0\",\"Actions\":[" + ScriptedFunction.speak(legA, "Hi") + ","
                    + "{\"Type\":\"Pause\",\"Parameters\":{\"DurationInMilliseconds\":\"500\"}}]}"
                    : ScriptedFunction.empty();
        }, FAST);
        assertThat(types(events)).containsExactly("NEW_OUTBOUND_CALL", "RINGING", "CALL_ANSWERED",
                "ACTION_SUCCESSFUL", "HANGUP");
        assertThat(json(events.get(3).event()).path("ActionData").path("Type").asText()).isEqualTo("Pause");
    }

    @Test
    void speakToAnUnknownLeg_isReportedAsActionFailed_andTheRestOfTheListIsDropped() throws Exception {
        List<PlayedEvent> events = playScripted("+12025550100", event -> switch (type(event)) {
            case "CALL_ANSWERED" -> "{\"SchemaVersion\":\"1.0\",\"Actions\":[" + ScriptedFunction.speak("nobody", "Hi")
                    + ",{\"Type\":\"Pause\",\"Parameters\":{\"DurationInMilliseconds\":\"1\"}}]}";
            case "ACTION_FAILED" -> "{\"SchemaVersion\":\"1.0\",\"Actions\":[{\"Type\":\"Hangup\"}]}";
            default -> ScriptedFunction.empty();
        }, FAST);
        assertThat(types(events)).containsExactly("NEW_OUTBOUND_CALL", "RINGING", "CALL_ANSWERED", "ACTION_FAILED",
                "HANGUP");
        JsonNode failed = json(events.get(3).event()).path("ActionData");
        assertThat(failed.path("Type").asText()).isEqualTo("Speak");
        assertThat(failed.path("ErrorType").asText()).isEqualTo("InvalidActionParameter");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[]",
        "{\"SchemaVersion\":\"2.0\",\"Actions\":[]}",
        "{\"SchemaVersion\":\"1.0\"}",
        "{\"SchemaVersion\":\"1.0\",\"Actions\":[{\"Type\":\"Teleport\"}]}",
        "{\"SchemaVersion\":\"1.0\",\"Actions\":[{\"Type\":\"Speak\",\"Parameters\":{\"CallId\":\"x\"}}]}",
        "{\"SchemaVersion\":\"1.0\",\"Actions\":[{\"Type\":\"Pause\","
                + "\"Parameters\":{\"DurationInMilliseconds\":\"-1\"}}]}",
        "{\"SchemaVersion\":\"1.0\",\"Actions\":[],\"TransactionAttributes\":{\"n\":1}}",
        "{\"SchemaVersion\":\"1.0\",\"Actions\":[{\"Type\":\"Hangup\"},{\"Type\":\"Hangup\"},{\"Type\":\"Hangup\"},"
                + "{\"Type\":\"Hangup\"},{\"Type\":\"Hangup\"},{\"Type\":\"Hangup\"},{\"Type\":\"Hangup\"},"
                + "{\"Type\":\"Hangup\"},{\"Type\":\"Hangup\"},{\"Type\":\"Hangup\"},{\"Type\":\"Hangup\"}]}"
    })
    void refusedResponse_isReportedAsInvalidLambdaResponse_andItsAnswerIsRun(String refused) throws Exception {
        List<PlayedEvent> events = playScripted("+12025550100", event -> switch (type(event)) {
            case "CALL_ANSWERED" -> refused;
            case "INVALID_LAMBDA_RESPONSE" -> "{\"SchemaVersion\":\"1.0\",\"Actions\":[{\"Type\":\"Hangup\"}]}";
            default -> ScriptedFunction.empty();
        }, FAST);
        assertThat(types(events)).containsExactly("NEW_OUTBOUND_CALL", "RINGING", "CALL_ANSWERED",
                "INVALID_LAMBDA_RESPONSE", "HANGUP");
        assertThat(events.get(2).result()).startsWith("invalid: ");
        JsonNode report = json(events.get(3).event());
        assertThat(report.path("ErrorType").asText()).isEqualTo("InvalidResponse");
        assertThat(report.path("ErrorMessage").asText()).isNotBlank();
    }

    @Test
    void functionThatKeepsAnsweringNonsense_isHungUpByChime() throws Exception {
        List<PlayedEvent> events = playScripted("+12025550100", event -> "{}", FAST);
        assertThat(types(events)).startsWith("NEW_OUTBOUND_CALL", "INVALID_LAMBDA_RESPONSE").endsWith("HANGUP");
        assertThat(events).extracting(PlayedEvent::type).doesNotContain("RINGING");
        assertThat(events).extracting(PlayedEvent::sequence).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void failedInvocation_isRetriedOnce_withTheSameEvent() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ScriptedFunction inner = new ScriptedFunction(ScriptedFunction::cordiulLike);
        List<PlayedEvent> events = play("+12025550100", eventJson -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("function crashed");
            }
            return inner.invoke(eventJson);
        }, FAST);
        assertThat(types(events)).containsExactly("NEW_OUTBOUND_CALL", "RINGING", "CALL_ANSWERED", "HANGUP");
        assertThat(events.get(0).attempts()).isEqualTo(2);
    }

    @Test
    void functionThatAlwaysFails_getsTwoAttempts_thenChimeHangsUp() throws Exception {
        List<PlayedEvent> events = play("+12025550100", eventJson -> {
            throw new IllegalStateException("function broken");
        }, FAST);
        assertThat(types(events)).containsExactly("NEW_OUTBOUND_CALL", "HANGUP");
        assertThat(events).extracting(PlayedEvent::attempts).containsExactly(2, 2);
        assertThat(events).extracting(PlayedEvent::result).containsOnly("no answer");
    }

    @Test
    void slowInvocation_isRetriedAfterTheTimeout() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ScriptedFunction inner = new ScriptedFunction(ScriptedFunction::cordiulLike);
        List<PlayedEvent> events = play("+12025550100", eventJson -> {
            if (calls.incrementAndGet() == 2) {
                release.await(); // the RINGING invocation hangs until the test ends
            }
            return inner.invoke(eventJson);
        }, PlayoutTiming.scaled(0.01));
        assertThat(types(events)).containsExactly("NEW_OUTBOUND_CALL", "RINGING", "CALL_ANSWERED", "HANGUP");
        assertThat(events.get(1).attempts()).isEqualTo(2);
    }

    @Test
    void functionThatNeverAnswers_isGivenUpOn_andTheCallHungUp() throws Exception {
        List<PlayedEvent> events = play("+12025550100", eventJson -> {
            release.await();
            return ScriptedFunction.empty();
        }, PlayoutTiming.scaled(0.01));
        assertThat(types(events)).containsExactly("NEW_OUTBOUND_CALL", "HANGUP");
        assertThat(events.get(0).result()).isEqualTo("no answer");
        assertThat(events.get(0).attempts()).isGreaterThan(1);
    }

    @Test
    void outcomes_areChosenByTheDocumentedNumbers() {
        assertThat(Outcome.forDestination("+12025550100")).isEqualTo(Outcome.ANSWERED);
        assertThat(Outcome.forDestination("+12025550101")).isEqualTo(Outcome.BUSY);
        assertThat(Outcome.forDestination("+12025550102")).isEqualTo(Outcome.NO_ANSWER);
        assertThat(Outcome.forDestination("+12025550103")).isEqualTo(Outcome.FAILED);
        assertThat(Outcome.forDestination("+12025550104")).isEqualTo(Outcome.NEVER_CONFIRMED);
        assertThat(Outcome.forDestination("+12025550105")).isEqualTo(Outcome.LONG_CALL);
        assertThat(Outcome.forDestination("+14155550123")).isEqualTo(Outcome.ANSWERED);
    }

    private static String type(com.fasterxml.jackson.databind.JsonNode event) {
        return event.path("InvocationEventType").asText();
    }
}
