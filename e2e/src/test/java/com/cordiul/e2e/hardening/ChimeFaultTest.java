package com.cordiul.e2e.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.e2e.Deadline;
import com.cordiul.e2e.hardening.Http.Response;
import com.cordiul.local.voice.AcceptedDial;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every way the (simulated) Chime API can fail a dial, plus every way a placed call can end, through the whole
 * stack: every create is accepted (201), the dialer dials each call at most once (only what Chime did not
 * process, throttling and its concurrent-call limit, is tried again, from the queue, and never ends a call), every
 * call ends in a truthful status (the never-confirmed ones once the stale-call sweeper ran; the ones Chime keeps
 * refusing to process once canceled), and no call is lost: every call the API recorded can be fetched and is listed.
 */
class ChimeFaultTest {

    /**
     * One destination: how often Chime is asked (at least, for one that waits) and places it, how it ends.
     *
     * @param waits Chime never processes it: it waits on the queue until canceled
     */
    private record Dial(String number, int attempts, int placed, String finalStatus, boolean swept, boolean waits) {
    }

    private static final List<Dial> DIALS = List.of(
            new Dial("+12025550110", 1, 0, "failed", false, false),
            new Dial("+12025550111", 2, 0, "canceled", false, true),
            new Dial("+12025550112", 2, 0, "canceled", false, true),
            new Dial("+12025550113", 2, 1, "completed", false, false),
            new Dial("+12025550114", 1, 1, "completed", false, false),
            new Dial("+12025550115", 1, 0, "failed", true, false),
            new Dial("+12025550116", 1, 1, "completed", false, false),
            new Dial("+12025550117", 1, 0, "failed", false, false),
            new Dial("+12025550118", 1, 0, "failed", false, false),
            new Dial("+12025550119", 1, 0, "failed", false, false),
            new Dial("+12025550100", 1, 1, "completed", false, false),
            new Dial("+12025550101", 1, 1, "busy", false, false),
            new Dial("+12025550102", 1, 1, "no-answer", false, false),
            new Dial("+12025550103", 1, 1, "failed", false, false),
            new Dial("+12025550104", 1, 1, "failed", true, false));

    private final HardeningStack stack = SharedCloud.get();

    @Test
    void everyChimeFailure_dialsAtMostOnce_endsTruthfully_andLosesNoCall() throws InterruptedException {
        String owner = "user_chime_faults";
        String key = stack.issueKey(owner).key();
        Map<String, Integer> attemptsBefore = new HashMap<>();
        Map<String, Long> placedBefore = new HashMap<>();
        for (Dial d : DIALS) {
            attemptsBefore.put(d.number(), stack.cloud().voice().attempts(d.number()));
            placedBefore.put(d.number(), placed(d.number()));
            LogCapture.phone(d.number());
        }
        stack.warmUpCallStatus();
        Map<Dial, Response> answers = createAll(key);

        List<String> returnedIds = new ArrayList<>();
        for (Dial d : DIALS) {
            Response r = answers.get(d);
            assertThat(r.status()).as("%s: %s", d.number(), r).isEqualTo(201);
            assertThat(r.data().path("dialed_at").isNull()).isTrue();
            returnedIds.add(r.data().path("id").asText());
        }

        for (Dial d : DIALS) {
            awaitAttempts(d, attemptsBefore.get(d.number()));
            if (d.waits()) {
                // A throttled dial is retried within its slot, holding its claim: given back once those end.
                JsonNode waiting = awaitClaimGivenBack(key, d);
                assertThat(waiting.path("status").asText()).as(d.number()).isEqualTo("initiating");
                assertThat(waiting.path("dialed_at").isNull()).as("%s waits, claim given back", d.number()).isTrue();
                Response canceled = stack.http().post("/calls/" + waiting.path("id").asText() + "/cancel", key, "");
                // 202 when the cancel lands while a dial attempt holds the claim: its release then cancels it.
                assertThat(canceled.status()).as(canceled.toString()).isIn(200, 202);
                assertThat(awaitStatus(key, d, Duration.ofSeconds(30))).as(d.number()).isEqualTo("canceled");
            } else if (!d.swept()) {
                assertThat(awaitStatus(key, d, Duration.ofSeconds(30))).as(d.number()).isEqualTo(d.finalStatus());
            }
        }
        stack.awaitPlayoutsFinished();
        sweepUntilSettled(key);
        for (Dial d : DIALS) {
            // Never dialed twice: as often as its answer allows, and placed at most once.
            int attempts = stack.cloud().voice().attempts(d.number()) - attemptsBefore.get(d.number());
            if (d.waits()) {
                assertThat(attempts).as("attempts at %s", d.number()).isGreaterThanOrEqualTo(d.attempts());
            } else {
                assertThat(attempts).as("attempts at %s", d.number()).isEqualTo(d.attempts());
            }
            assertThat(placed(d.number()) - placedBefore.get(d.number())).as("calls placed to %s", d.number())
                    .isEqualTo(d.placed());
            JsonNode call = callOf(key, d);
            assertThat(call.path("status").asText()).as("%s: %s", d.number(), call).isEqualTo(d.finalStatus());
            if (!d.finalStatus().equals("completed")) {
                assertThat(call.path("reason").asText()).as("%s has a reason", d.number()).isNotBlank();
            }
            if (d.swept()) {
                assertThat(call.path("reason").asText()).contains("never confirmed");
            }
        }

        // Nothing lost: every id handed out can be fetched, and the list holds exactly one call per request.
        for (String id : returnedIds) {
            assertThat(stack.http().get("/calls/" + id, key).status()).isEqualTo(200);
        }
        JsonNode listed = stack.http().get("/calls/list?limit=100", key).data().path("calls");
        Set<String> listedIds = new TreeSet<>();
        listed.forEach(c -> listedIds.add(c.path("id").asText()));
        assertThat(listedIds).hasSize(DIALS.size()).containsAll(returnedIds);
    }

    /**
     * One request after the other: the point is what each fault does, not load (on a small machine a burst of cold
     * function instances can outlast Chime's 5 s event timeout, and the playout then rightly hangs the call up).
     */
    private Map<Dial, Response> createAll(String key) {
        Map<Dial, Response> answers = new HashMap<>();
        for (Dial d : DIALS) {
            answers.put(d, stack.http().post("/calls/create", key, "{\"contact_id\":\"" + contact(d)
                    + "\",\"phone_number\":\"" + d.number() + "\",\"message\":\"Chime fault test\"}"));
        }
        return answers;
    }

    private static String contact(Dial d) {
        return "chime-" + d.number().substring(1);
    }

    private long placed(String number) {
        return stack.cloud().voice().accepted().stream().map(AcceptedDial::toPhoneNumber)
                .filter(number::equals).count();
    }

    /** The one call recorded for this destination's contact id. */
    private JsonNode callOf(String key, Dial d) {
        JsonNode calls = stack.http().get("/calls/list?contact_id=" + contact(d), key).data().path("calls");
        assertThat(calls.size()).as("calls recorded for %s", d.number()).isEqualTo(1);
        return calls.get(0);
    }

    /** Waits until the dialer has asked Chime as often as the destination's answer makes it. */
    private void awaitAttempts(Dial d, int before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (stack.cloud().voice().attempts(d.number()) - before < d.attempts()) {
            assertThat(System.nanoTime()).as("%s dialed %d times", d.number(), d.attempts()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** The call once no dial attempt holds its claim (it comes back for the next attempt 2 s later). */
    private JsonNode awaitClaimGivenBack(String key, Dial d) {
        return Deadline.await(d.number() + "'s claim given back", Duration.ofSeconds(30), () -> callOf(key, d),
                call -> call.path("dialed_at").isNull());
    }

    private String awaitStatus(String key, Dial d, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = callOf(key, d).path("status").asText();
        while (!status.equals(d.finalStatus()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = callOf(key, d).path("status").asText();
        }
        return status;
    }

    /** Runs the sweeper, as its schedule would, until the never-confirmed calls are settled (they must be >1 s old). */
    private void sweepUntilSettled(String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String event = HardeningStack.sampleEvent("stale-call-sweeper.json");
        while (true) {
            String summary = stack.cloud().stack().invokeFunction("StaleCallSweeperFunction", event);
            assertThat(summary).contains("swept");
            boolean settled = DIALS.stream().filter(Dial::swept)
                    .allMatch(d -> callOf(key, d).path("status").asText().equals("failed"));
            if (settled || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(200);
        }
    }
}
