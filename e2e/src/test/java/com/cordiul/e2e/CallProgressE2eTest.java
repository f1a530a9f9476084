package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.voice.playout.Outcome;
import com.cordiul.local.voice.playout.PlayedEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 over HTTP through the whole local stack: calls to each of the playout's numbers, created through the API,
 * played out against the call-status function as Chime would, and followed with {@code GET /api/calls/{id}} until
 * they end. Every call is created up front and watched on its own thread, so they all play at once.
 */
class CallProgressE2eTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ORDER = List.of("initiating", "queued", "ringing", "in-progress");
    private static final List<String> TERMINAL = List.of("completed", "busy", "no-answer", "failed", "canceled");
    private static final String MESSAGE = "Your order is ready.";
    private static final String DEFAULT_GREETING = "Hello, this is a call from Cordiul. Thank you, goodbye.";

    private static SharedCloud cloud;
    private static ContractHttp api;
    private static String key;
    private static ExecutorService watchers;
    private static final Map<String, String> CALL_IDS = new LinkedHashMap<>();
    private static final Map<String, Future<List<JsonNode>>> WATCHED = new LinkedHashMap<>();
    private static String otherNumber;

    @BeforeAll
    static void placeCalls() {
        cloud = SharedCloud.get();
        api = cloud.api();
        key = cloud.issueKey(SharedCloud.newOwner("progress"), "calls:read", "calls:write");
        watchers = Executors.newCachedThreadPool();
        otherNumber = TestNumbers.next();
        List<String> numbers = List.of(Outcome.ANSWERED.destination(), Outcome.BUSY.destination(),
                Outcome.NO_ANSWER.destination(), Outcome.FAILED.destination(), Outcome.NEVER_CONFIRMED.destination(),
                Outcome.LONG_CALL.destination(), otherNumber);
        for (String number : numbers) {
            String message = number.equals(Outcome.ANSWERED.destination()) ? ", \"message\": \"" + MESSAGE + "\"" : "";
            ContractResponse created = api.request("POST", "/api/calls/create").apiKey(key)
                    .json("{\"contact_id\": \"progress\", \"phone_number\": \"" + number + "\"" + message + "}")
                    .send();
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.data().path("id").asText();
            CALL_IDS.put(number, id);
            if (!number.equals(Outcome.NEVER_CONFIRMED.destination())) {
                WATCHED.put(number, watchers.submit(() -> watchUntilEnded(id)));
            }
        }
    }

    @AfterAll
    static void stop() {
        watchers.shutdownNow();
    }

    @Test
    void answeredCall_completes_saysTheMessage_withDurationFromAnswerToHangup() throws Exception {
        JsonNode call = ended(Outcome.ANSWERED.destination(), "completed");
        assertAnsweredTimes(call);
        assertThat(call.path("reason").isMissingNode() || call.path("reason").isNull()).isTrue();
        assertThat(spokenText(Outcome.ANSWERED.destination())).isEqualTo(MESSAGE);
    }

    @Test
    void anyOtherNumber_isAnsweredToo_andHearsTheDefaultGreeting() throws Exception {
        JsonNode call = ended(otherNumber, "completed");
        assertAnsweredTimes(call);
        assertThat(spokenText(otherNumber)).isEqualTo(DEFAULT_GREETING);
    }

    @Test
    void busyLine_endsBusy_unanswered() throws Exception {
        JsonNode call = ended(Outcome.BUSY.destination(), "busy");
        assertUnanswered(call);
        assertThat(call.path("reason").asText()).isEqualTo("The line was busy.");
    }

    @Test
    void unansweredCall_endsNoAnswer() throws Exception {
        JsonNode call = ended(Outcome.NO_ANSWER.destination(), "no-answer");
        assertUnanswered(call);
        assertThat(call.path("reason").asText()).isEqualTo("Nobody answered.");
    }

    @Test
    void callFailingBeforeRinging_endsFailed() throws Exception {
        JsonNode call = ended(Outcome.FAILED.destination(), "failed");
        assertUnanswered(call);
        assertThat(call.path("reason").asText()).isEqualTo("The call ended before it was answered (SIP 503).");
    }

    @Test
    void longCall_isInProgressWhileItLasts_thenCompletesWithALongDuration() throws Exception {
        String number = Outcome.LONG_CALL.destination();
        List<JsonNode> seen = WATCHED.get(number).get();
        assertThat(seen).extracting(c -> c.path("status").asText()).contains("in-progress");
        assertThat(seen.stream().filter(c -> c.path("status").asText().equals("in-progress")))
                .allSatisfy(c -> {
                    assertThat(c.path("answered_at").isTextual()).isTrue();
                    assertThat(c.path("ended_at").isNull()).isTrue();
                    assertThat(c.path("duration").isNull()).isTrue();
                });
        JsonNode call = ended(number, "completed");
        assertAnsweredTimes(call);
        long farEndTalk = SharedCloud.TIMING.real(Outcome.LONG_CALL.farEndTalk()).toSeconds();
        assertThat(call.path("duration").asLong()).isGreaterThanOrEqualTo(farEndTalk);
    }

    @Test
    void neverConfirmedCall_staysInitiating_untilTheStaleCallSweeperFailsIt() throws Exception {
        // Every other call must have ended first: the sweeper's small limit would fail a call whose first event a
        // cold function is still processing.
        for (Future<List<JsonNode>> watched : WATCHED.values()) {
            watched.get();
        }
        String id = CALL_IDS.get(Outcome.NEVER_CONFIRMED.destination());
        String transactionId = cloud.dialOf(id).orElseThrow().transactionId();
        assertThat(cloud.cloud().playout().awaitFinished(transactionId, Deadline.GENEROUS)).isTrue();
        assertThat(cloud.cloud().playout().events(transactionId)).isEmpty();
        JsonNode waiting = get(id);
        assertThat(waiting.path("status").asText()).isEqualTo("initiating");
        assertThat(waiting.path("answered_at").isNull()).isTrue();
        assertThat(waiting.path("ended_at").isNull()).isTrue();
        assertThat(waiting.path("duration").isNull()).isTrue();

        String fixture = Files.readString(RepositoryRoot.find().resolve("events/stale-call-sweeper.json"));
        List<JsonNode> summaries = new ArrayList<>();
        JsonNode swept = Deadline.await("the sweeper to fail " + id, () -> {
            summaries.add(sweep(fixture));
            return get(id);
        }, c -> !c.path("status").asText().equals("initiating"));

        assertThat(swept.path("status").asText()).isEqualTo("failed");
        assertThat(swept.path("reason").asText()).isEqualTo("The telephony service never confirmed the call.");
        assertThat(swept.path("answered_at").isNull()).isTrue();
        assertThat(Instant.parse(swept.path("ended_at").asText()))
                .isAfterOrEqualTo(Instant.parse(swept.path("created_at").asText())
                        .plusSeconds(SharedCloud.STALE_INITIATING_SECONDS));
        assertThat(swept.path("duration").asInt()).isZero();
        assertThat(summaries.get(summaries.size() - 1).path("swept").asInt()).isPositive();
        for (String field : List.of("examined", "swept", "unchanged", "failed", "truncated")) {
            assertThat(summaries.get(0).has(field)).as(field).isTrue();
        }

        sweep(fixture);
        assertThat(get(id)).as("a swept call is terminal: a second run changes nothing").isEqualTo(swept);
    }

    /** The call's final state; its statuses only moved forward while watched, and Chime took every response. */
    private static JsonNode ended(String number, String status) throws Exception {
        List<JsonNode> seen = WATCHED.get(number).get();
        List<String> statuses = seen.stream().map(c -> c.path("status").asText()).toList();
        for (int i = 1; i < statuses.size(); i++) {
            assertThat(rank(statuses.get(i))).as("statuses seen: " + statuses)
                    .isGreaterThanOrEqualTo(rank(statuses.get(i - 1)));
        }
        JsonNode last = seen.get(seen.size() - 1);
        assertThat(last.path("status").asText()).as(last.toString()).isEqualTo(status);
        assertThat(last.path("phone_number").asText()).isEqualTo(number);
        assertCleanPlayout(last.path("id").asText());
        return last;
    }

    private static void assertCleanPlayout(String id) throws InterruptedException {
        String transactionId = cloud.dialOf(id).orElseThrow().transactionId();
        assertThat(cloud.cloud().playout().awaitFinished(transactionId, Deadline.GENEROUS)).isTrue();
        List<PlayedEvent> events = cloud.cloud().playout().events(transactionId);
        assertThat(events).isNotEmpty();
        assertThat(events.get(0).type()).isEqualTo("NEW_OUTBOUND_CALL");
        assertThat(events.get(events.size() - 1).type()).isEqualTo("HANGUP");
        assertThat(events).extracting(PlayedEvent::type).doesNotContain("INVALID_LAMBDA_RESPONSE");
        assertThat(events).allSatisfy(e -> assertThat(e.result()).as(e.type() + " " + e.response()).isEqualTo("ok"));
    }

    private static void assertAnsweredTimes(JsonNode call) {
        Instant created = Instant.parse(call.path("created_at").asText());
        Instant answered = Instant.parse(call.path("answered_at").asText());
        Instant ended = Instant.parse(call.path("ended_at").asText());
        assertThat(answered).isAfterOrEqualTo(created).isBeforeOrEqualTo(ended);
        assertThat(call.path("duration").isIntegralNumber()).isTrue();
        assertThat(call.path("duration").asLong()).isEqualTo(Duration.between(answered, ended).getSeconds());
    }

    private static void assertUnanswered(JsonNode call) {
        assertThat(call.path("answered_at").isNull()).isTrue();
        assertThat(Instant.parse(call.path("ended_at").asText()))
                .isAfterOrEqualTo(Instant.parse(call.path("created_at").asText()));
        assertThat(call.path("duration").isIntegralNumber()).isTrue();
        assertThat(call.path("duration").asInt()).isZero();
    }

    /** The text of the Speak the function answered CALL_ANSWERED with. */
    private static String spokenText(String number) throws IOException {
        String transactionId = cloud.dialOf(CALL_IDS.get(number)).orElseThrow().transactionId();
        PlayedEvent answered = cloud.cloud().playout().events(transactionId).stream()
                .filter(e -> e.type().equals("CALL_ANSWERED")).findFirst().orElseThrow();
        JsonNode speak = JSON.readTree(answered.response()).path("Actions").get(0);
        assertThat(speak.path("Type").asText()).isEqualTo("Speak");
        return speak.path("Parameters").path("Text").asText();
    }

    /** Every state seen until the call ended, polled through the API. */
    private static List<JsonNode> watchUntilEnded(String id) {
        List<JsonNode> seen = new ArrayList<>();
        Deadline.await("call " + id + " to end", () -> {
            JsonNode call = get(id);
            seen.add(call);
            return call;
        }, call -> TERMINAL.contains(call.path("status").asText()));
        return seen;
    }

    private static JsonNode get(String id) {
        ContractResponse response = api.request("GET", "/api/calls/{id}").path(id).apiKey(key).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.data();
    }

    private static JsonNode sweep(String fixture) {
        try {
            return JSON.readTree(cloud.cloud().stack().invokeFunction("StaleCallSweeperFunction", fixture));
        } catch (IOException e) {
            throw new AssertionError("The sweeper's answer is not JSON", e);
        }
    }

    private static int rank(String status) {
        int open = ORDER.indexOf(status);
        return open >= 0 ? open : ORDER.size();
    }
}
