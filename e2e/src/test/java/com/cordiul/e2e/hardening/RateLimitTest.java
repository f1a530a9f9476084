package com.cordiul.e2e.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.e2e.hardening.Http.Response;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-key rate limits over HTTP, on stacks started with small limits. Windows are fixed, so a burst may
 * straddle two of them: every count is asserted per window, the window named by each response's
 * {@code X-RateLimit-Reset}; a burst that straddled is sent again with a fresh key. (A new window admitting
 * again is proven in the layer's RateLimiterTest with a fixed clock; nothing here waits for a real minute.)
 */
class RateLimitTest {

    private static final int REQUESTS_PER_MINUTE = 8;
    private static final int CALLS_PER_MINUTE = 4;
    private static final int CALLS_PER_SECOND = 2;
    private static final String NO_EVENTS_NUMBER = "+12025550104";
    private static final String PLAYED_NUMBER = "+12025550160";

    /** Small general and per-minute call limits; a per-second call limit too high to matter. */
    private static HardeningStack minuteStack;
    /** Only the per-second call limit is small, so it is the one every create-call response reports. */
    private static HardeningStack secondStack;
    private static final AtomicInteger OWNERS = new AtomicInteger();

    @BeforeAll
    static void startStacks() {
        minuteStack = HardeningStack.builder()
                .parameter("RateLimitRequestsPerMinute", Integer.toString(REQUESTS_PER_MINUTE))
                .parameter("RateLimitCallsPerSecond", "1000")
                .parameter("RateLimitCallsPerMinute", Integer.toString(CALLS_PER_MINUTE))
                .start();
        secondStack = HardeningStack.builder().threads(3)
                .parameter("RateLimitRequestsPerMinute", "100000")
                .parameter("RateLimitCallsPerSecond", Integer.toString(CALLS_PER_SECOND))
                .parameter("RateLimitCallsPerMinute", "100000")
                .start();
    }

    @AfterAll
    static void stopStacks() {
        if (minuteStack != null) {
            minuteStack.close();
        }
        if (secondStack != null) {
            secondStack.close();
        }
    }

    private static String freshKey(HardeningStack stack) {
        return stack.issueKey("user_rl" + OWNERS.incrementAndGet()).key();
    }

    private static long reset(Response r) {
        return Long.parseLong(r.header("X-RateLimit-Reset").orElseThrow(() -> new AssertionError("no reset: " + r)));
    }

    /** Responses grouped by their window; retried with a fresh burst while one straddles windows. */
    private static Map<Long, List<Response>> inOneWindow(Supplier<List<Response>> burst) {
        Map<Long, List<Response>> windows = new TreeMap<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            windows = new TreeMap<>();
            for (Response r : burst.get()) {
                windows.computeIfAbsent(reset(r), k -> new ArrayList<>()).add(r);
            }
            if (windows.size() == 1) {
                return windows;
            }
        }
        throw new AssertionError("Three bursts each straddled a window: " + windows.keySet());
    }

    private static void assertRateLimited(Response r, int limit) {
        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(r.json().path("success").asBoolean(true)).isFalse();
        assertThat(r.errorCode()).isEqualTo("rate_limited");
        assertThat(r.json().path("error").path("message").asText()).contains("Rate limit exceeded");
        assertThat(r.header("X-RateLimit-Limit")).contains(Integer.toString(limit));
        assertThat(r.header("X-RateLimit-Remaining")).contains("0");
        int retryAfter = Integer.parseInt(r.header("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1, 60);
    }

    @Test
    void requestsBeyondTheLimit_getExactlyOne429Each_andRemainingCountsDown() {
        int excess = 3;
        Map<Long, List<Response>> windows = inOneWindow(() -> {
            String key = freshKey(minuteStack);
            List<Response> responses = new ArrayList<>();
            for (int i = 0; i < REQUESTS_PER_MINUTE + excess; i++) {
                responses.add(minuteStack.http().get("/calls/list", key));
            }
            return responses;
        });
        List<Response> responses = windows.values().iterator().next();
        for (int i = 0; i < REQUESTS_PER_MINUTE; i++) {
            Response r = responses.get(i);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.header("X-RateLimit-Limit")).contains(Integer.toString(REQUESTS_PER_MINUTE));
            assertThat(r.header("X-RateLimit-Remaining")).contains(Integer.toString(REQUESTS_PER_MINUTE - 1 - i));
        }
        for (Response r : responses.subList(REQUESTS_PER_MINUTE, responses.size())) {
            assertRateLimited(r, REQUESTS_PER_MINUTE);
        }
        long reset = windows.keySet().iterator().next();
        assertThat(reset % 60).as("a minute window ends on a whole minute").isZero();
        assertThat(Instant.ofEpochSecond(reset)).isAfter(Instant.now().minusSeconds(1))
                .isBefore(Instant.now().plusSeconds(61));
    }

    @Test
    void everyResponseOfEveryRoute_carriesTheLimitHeaders_successesAndRefusalsAlike() {
        var created = minuteStack.issueKey("user_rl_routes");
        String key = created.key();
        List<Response> responses = new ArrayList<>();
        responses.add(minuteStack.http().post("/api-keys", key, "{\"name\":\"second\"}"));
        responses.add(minuteStack.http().get("/api-keys", key));
        responses.add(minuteStack.http().delete("/api-keys/key_01J0000000000000000000000X", key));
        responses.add(minuteStack.http().post("/calls/create", key, "{\"contact_id\":\"c 1\"}"));
        responses.add(minuteStack.http().get("/calls/list?limit=0", key));
        responses.add(minuteStack.http().get("/calls/list", key));
        responses.add(minuteStack.http().get("/calls/call_01J0000000000000000000000X", key));
        responses.add(minuteStack.http().delete("/api-keys/" + created.id(), key));
        assertThat(responses).extracting(Response::status).containsExactly(201, 200, 404, 400, 400, 200, 404, 200);
        for (Response r : responses) {
            // Every limit of this stack that a route can report is a per-minute one.
            assertThat(r.header("X-RateLimit-Limit")).as(r.toString())
                    .hasValueSatisfying(v -> assertThat(v).isIn("" + REQUESTS_PER_MINUTE, "" + CALLS_PER_MINUTE));
            assertThat(Integer.parseInt(r.header("X-RateLimit-Remaining").orElseThrow())).isNotNegative();
            assertThat(reset(r) % 60).isZero();
        }
        // The revoked key is now refused by the authorizer, before any counting: a gateway 401 has no limits.
        Response refused = minuteStack.http().get("/calls/list", key);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("X-RateLimit-Limit")).isEmpty();
    }

    @Test
    void oneKeyAtItsLimit_neverLimitsAnotherKey_ofTheSameOrAnotherOwner() {
        var a = minuteStack.issueKey("user_rl_shared");
        var sameOwner = minuteStack.issueKey("user_rl_shared");
        String otherOwner = freshKey(minuteStack);
        Response last = null;
        for (int i = 0; i <= REQUESTS_PER_MINUTE; i++) {
            last = minuteStack.http().get("/api-keys", a.key());
        }
        assertThat(last.status()).isEqualTo(429);
        for (String other : List.of(sameOwner.key(), otherOwner)) {
            Response r = minuteStack.http().get("/api-keys", other);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.header("X-RateLimit-Remaining")).contains(Integer.toString(REQUESTS_PER_MINUTE - 1));
        }
    }

    @Test
    void callsBeyondThePerMinuteLimit_are429_andNeitherRecordedNorDialed() throws InterruptedException {
        int excess = 2;
        AtomicInteger created = new AtomicInteger();
        Map<Long, List<Response>> windows = inOneWindow(() -> {
            String key = freshKey(minuteStack);
            List<Response> responses = new ArrayList<>();
            for (int i = 0; i < CALLS_PER_MINUTE + excess; i++) {
                Response r = minuteStack.http().post("/calls/create", key,
                        "{\"contact_id\":\"rl-minute-" + i + "\",\"phone_number\":\"" + NO_EVENTS_NUMBER + "\"}");
                responses.add(r);
                created.addAndGet(r.status() == 201 ? 1 : 0);
            }
            return responses;
        });
        List<Response> responses = windows.values().iterator().next();
        for (int i = 0; i < CALLS_PER_MINUTE; i++) {
            Response r = responses.get(i);
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            assertThat(r.header("X-RateLimit-Limit")).contains(Integer.toString(CALLS_PER_MINUTE));
            assertThat(r.header("X-RateLimit-Remaining")).contains(Integer.toString(CALLS_PER_MINUTE - 1 - i));
        }
        for (Response r : responses.subList(CALLS_PER_MINUTE, responses.size())) {
            assertRateLimited(r, CALLS_PER_MINUTE);
            assertThat(r.json().path("error").path("message").asText()).contains("calls per minute");
        }
        long recorded = minuteStack.snapshot().items("CallsTable").stream()
                .filter(item -> item.contains("\"rl-minute-")).count();
        assertThat(recorded).isEqualTo(created.get());
        assertThat(dialsOnceQueued(minuteStack, created.get())).isEqualTo(created.get());
    }

    @Test
    void refusedAndReplayedCreates_countAsRequests_butOnlyAcceptedCallsCountAgainstTheCallLimit() {
        // Not the no-events number: the other tests count the dials to it on this stack.
        String replayedBody = "{\"contact_id\":\"rl-accepted-0\",\"phone_number\":\"" + PLAYED_NUMBER + "\"}";
        Map<Long, List<Response>> windows = inOneWindow(() -> {
            String key = freshKey(minuteStack);
            String idempotencyKey = "rl-replay-" + OWNERS.incrementAndGet();
            List<Response> responses = new ArrayList<>();
            for (int i = 0; i < CALLS_PER_MINUTE; i++) {
                // As many refused creates as the call limit admits calls: +1234567890 is too short for +1.
                responses.add(minuteStack.http().post("/calls/create", key,
                        "{\"contact_id\":\"rl-refused-" + i + "\",\"phone_number\":\"+1234567890\"}"));
            }
            for (int i = 0; i < 3; i++) {
                responses.add(minuteStack.http().send(Http.Request.post("/calls/create", replayedBody).key(key)
                        .header("Idempotency-Key", idempotencyKey)));
            }
            responses.add(minuteStack.http().post("/calls/create", key,
                    "{\"contact_id\":\"rl-accepted-1\",\"phone_number\":\"" + PLAYED_NUMBER + "\"}"));
            responses.add(minuteStack.http().get("/calls/list", key));
            return responses;
        });
        List<Response> responses = windows.values().iterator().next();
        assertThat(responses).extracting(Response::status)
                .containsExactly(400, 400, 400, 400, 201, 201, 201, 201, 429);
        assertThat(responses.get(5).header("Idempotent-Replayed")).contains("true");
        assertThat(responses.get(6).header("Idempotent-Replayed")).contains("true");
        assertThat(responses.get(5).json().path("data").path("id").asText())
                .isEqualTo(responses.get(4).json().path("data").path("id").asText());
        // Every request counted against the request limit, refusals and replays too: the eighth used it up (two
        // calls of four were placed), and the ninth is refused by it.
        assertThat(responses.get(7).header("X-RateLimit-Limit")).contains(Integer.toString(REQUESTS_PER_MINUTE));
        assertThat(responses.get(7).header("X-RateLimit-Remaining")).contains("0");
        assertRateLimited(responses.get(8), REQUESTS_PER_MINUTE);
        assertThat(responses.get(8).json().path("error").path("message").asText()).contains("requests per minute");
        assertThat(minuteStack.snapshot().items("CallsTable").stream()
                .filter(item -> item.contains("\"rl-refused-")).count()).isZero();
    }

    @Test
    void concurrentCalls_admitAtMostThePerSecondLimitPerWindow_andRefuseTheRestWith429() throws Exception {
        int admittedTotal = 0;
        boolean crowded = false;
        // On a loaded machine ten concurrent creates can spread over five windows and so all fit the limit: such a
        // burst proves nothing about refusals, and is sent again with a fresh key.
        for (int attempt = 0; attempt < 3 && !crowded; attempt++) {
            Map<Long, List<Response>> windows = new TreeMap<>();
            secondBurst(freshKey(secondStack), attempt)
                    .forEach(r -> windows.computeIfAbsent(reset(r), k -> new ArrayList<>()).add(r));
            for (List<Response> in : windows.values()) {
                long admitted = in.stream().filter(r -> r.status() == 201).count();
                long refused = in.stream().filter(r -> r.status() == 429).count();
                assertThat(admitted + refused).as("only 201 or 429: %s", in).isEqualTo(in.size());
                assertThat(admitted).isEqualTo(Math.min(in.size(), CALLS_PER_SECOND));
                in.forEach(r -> assertThat(r.header("X-RateLimit-Limit"))
                        .contains(Integer.toString(CALLS_PER_SECOND)));
                in.stream().filter(r -> r.status() == 429).forEach(r -> {
                    assertRateLimited(r, CALLS_PER_SECOND);
                    assertThat(r.json().path("error").path("message").asText()).contains("calls per second");
                });
                admittedTotal += (int) admitted;
                crowded |= in.size() > CALLS_PER_SECOND;
            }
        }
        assertThat(crowded).as("some window got more creates than the limit, in one of three bursts").isTrue();
        assertThat(dialsOnceQueued(secondStack, admittedTotal)).isEqualTo(admittedTotal);
        long recorded = secondStack.snapshot().items("CallsTable").stream()
                .filter(item -> item.contains("\"rl-second-")).count();
        assertThat(recorded).isEqualTo(admittedTotal);
    }

    /** Ten creates from one key at once, their contacts named for the attempt. */
    private static List<Response> secondBurst(String key, int attempt) throws Exception {
        int burst = 10;
        ExecutorService pool = Executors.newFixedThreadPool(burst);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                String body = "{\"contact_id\":\"rl-second-" + attempt + "-" + i + "\",\"phone_number\":\""
                        + NO_EVENTS_NUMBER + "\"}";
                futures.add(pool.submit((Callable<Response>) () -> secondStack.http().post("/calls/create", key,
                        body)));
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The dials to the no-events number once the dialer has emptied the dial queue: the accepted calls are dialed
     * from it, after their creates were answered.
     */
    private static int dialsOnceQueued(HardeningStack stack, int expected) throws InterruptedException {
        stack.cloud().stack().awaitQueueDrained("DialQueue", Duration.ofSeconds(60));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (stack.cloud().voice().attempts(NO_EVENTS_NUMBER) < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return stack.cloud().voice().attempts(NO_EVENTS_NUMBER);
    }
}
