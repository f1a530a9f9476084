package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.NewApiKey;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.runner.LocalCloud;
import com.cordiul.local.runner.Main;
import com.cordiul.local.voice.DialStats;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Issue 12's proof, on the stack {@code ./dev} starts: its own launcher and options ({@link Main#startCloud}), a
 * fresh {@code .local/}, the template's defaults (1 dial per second, 10 active calls, the per-key limits) and the
 * voice simulator's default quotas, which refuse what Chime would refuse. Only {@code --time-scale} differs, so
 * that calls are short; the dial quota stays Chime's, so the 500 dials take over 8 minutes.
 *
 * <p>First the issue's "Done when": a burst of 100 creates from one key, 20 at a time, to numbers whose outcome the
 * simulator knows, and a queued call canceled before its dial. Then the load: two owners create the rest of 500
 * calls at about 50 per second, and a third owner's single call after them must be dialed within seconds, ahead of
 * hundreds still waiting. Every create must be a 2xx, every call dialed exactly once and never above the quota in
 * any second or above 10 at once, every call must end with the status its number means, and the store and the
 * queue must be healthy afterwards.
 *
 * <p>Most of its time is waiting for the one-per-second pace, so it runs beside the other suites (JUnit's parallel
 * execution, concurrent for this class alone: see e2e/pom.xml) on a stack of its own.
 */
@Execution(ExecutionMode.CONCURRENT)
class DialLoadTest {

    static final int CALLS = 500;
    static final int BURST = 100;
    static final int BURST_CLIENTS = 20;
    static final int CREATES_PER_SECOND = 50;
    /** Calls played 20 times faster than Chime's pace: the longest (no answer, 30 s of ringing) lasts 1.5 s. */
    static final String TIME_SCALE = "20";
    /** Chime's default quotas, as the template's ChimeCallsPerSecond and ChimeMaxActiveCalls default to them. */
    static final int QUOTA_DIALS_PER_SECOND = 1;
    static final int QUOTA_ACTIVE = 10;

    /** Destinations whose outcome the simulator knows, and the status each call to them must end with. */
    static final Map<String, String> OUTCOMES = outcomes();
    /** Refused at dial time (400 BadRequestException): failed, never placed. */
    static final String REFUSED = "+12025550110";
    /** The destination of the call canceled while queued, dialed by no other call. */
    static final String CANCELED = "+12025550177";
    static final Set<String> TERMINAL = Set.of("completed", "busy", "no-answer", "failed", "canceled");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalCloud cloud;
    private static HttpClient http;
    private static URI api;
    private static ExecutorService clients;

    @BeforeAll
    static void start() throws IOException {
        Path local = Files.createTempDirectory("cordiul-load").resolve(".local");
        cloud = Main.startCloud(new String[] {"--port", "0", "--time-scale", TIME_SCALE}, RepositoryRoot.find(),
                local);
        api = URI.create(cloud.stack().url() + "/api");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
        clients = Executors.newFixedThreadPool(32);
        // One warm call-status instance before the burst, as the hardening suites start theirs: in the CI try of
        // 22e8dac the first calls' events found 16 cold instances busy at once, and one call's were refused until
        // Chime gave up on them. The event names no known call: nothing is recorded, no action answered.
        String unknownCall = Files.readString(RepositoryRoot.find().resolve("events")
                .resolve("call-status-new-outbound-call.json")).replace("call_01JD0000000000000000000000",
                "call_warm_up_unknown");
        assertThat(cloud.stack().invokeFunction(LocalCloud.CALL_STATUS_FUNCTION, unknownCall))
                .contains("\"Actions\":[]");
    }

    @AfterAll
    static void stop() {
        if (clients != null) {
            clients.shutdownNow();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void aBurstAndACampaign_onDevsDefaults_areAllAccepted_dialedOnceAtChimesPace_fairly_andEndTruthfully()
            throws Exception {
        String big = issueKey("load-big-a");
        String other = issueKey("load-big-b");
        String small = issueKey("load-small");
        Instant started = Instant.now();

        // The issue's "Done when": 100 creates from one key, 20 at a time, then one more canceled while queued.
        List<Created> created = new ArrayList<>(burst(big, BURST, BURST_CLIENTS));
        Created queued = create(big, "queued", CANCELED);
        HttpResponse<String> cancel = post("/calls/" + queued.id() + "/cancel", big, "");
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(data(cancel).path("status").asText()).isEqualTo("canceled");

        // The campaign: two owners at about 50 creates per second, then the small owner's single call.
        int rest = CALLS - BURST - 2;
        Instant paced = Instant.now();
        created.addAll(paced(List.of(big, other), rest, CREATES_PER_SECOND));
        double createRate = rest / seconds(paced, Instant.now());
        Created lone = create(small, "lone", OUTCOMES.keySet().iterator().next());
        JsonNode loneDialed = Deadline.await("the small owner's call to be dialed ahead of the campaign",
                Duration.ofSeconds(20), () -> get(small, lone.id()), c -> !c.path("dialed_at").isNull());
        long stillWaiting = waiting(big) + waiting(other);
        assertThat(stillWaiting).as("big owners' calls not dialed yet when the small owner's call was dialed")
                .isGreaterThan(CALLS / 2);
        created.add(lone);

        Map<String, JsonNode> ended = awaitEveryCallEnded(List.of(big, other, small), CALLS);
        assertThat(ended.get(queued.id()).path("status").asText()).isEqualTo("canceled");
        assertThat(ended.get(queued.id()).path("dialed_at").isNull()).isTrue();
        assertThat(cloud.voice().attempts(CANCELED)).as("the canceled call was never dialed").isZero();
        DialStats stats = cloud.voice().stats();
        assertEachEndedAsItsNumberMeans(created, ended, stats);
        assertWithinChimesQuotas(stats);
        assertHealthy(big);

        List<Instant> dials = ended.values().stream().filter(c -> !c.path("dialed_at").isNull())
                .map(c -> Instant.parse(c.path("dialed_at").asText())).sorted().toList();
        double dialRate = (dials.size() - 1) / seconds(dials.get(0), dials.get(dials.size() - 1));
        System.out.printf("[load] %d calls in %.0f s; creates %.1f/s; dial requests %d at %.3f/s (%.3f of the quota)"
                + "; placed %d, peak active %d, most placed in a second %d, throttled %d, refused at capacity %d; "
                + "small owner's call dialed %.1f s after its create with %d calls waiting%n", CALLS,
                seconds(started, Instant.now()), createRate, dials.size(), dialRate,
                dialRate / QUOTA_DIALS_PER_SECOND, stats.placed(), stats.peakActiveCalls(),
                stats.maxPlacedInAnySecond(), stats.throttledDials(), stats.refusedAtCapacity(),
                seconds(Instant.parse(lone.call().path("created_at").asText()),
                        Instant.parse(loneDialed.path("dialed_at").asText())), stillWaiting);
    }

    private static void assertEachEndedAsItsNumberMeans(List<Created> created, Map<String, JsonNode> ended,
                                                        DialStats stats) {
        Map<String, Integer> perNumber = new LinkedHashMap<>();
        for (Created c : created) {
            JsonNode call = ended.get(c.id());
            String number = c.call().path("phone_number").asText();
            perNumber.merge(number, 1, Integer::sum);
            assertThat(call.path("status").asText()).as("%s to %s: %s", c.id(), number, call)
                    .isEqualTo(OUTCOMES.get(number));
            assertThat(call.path("dialed_at").isNull()).as("%s dialed", c.id()).isFalse();
            if (number.equals(REFUSED)) {
                assertThat(stats.placedFor(c.id())).as("%s refused by Chime, never placed", c.id()).isZero();
                assertThat(call.path("reason").asText()).contains("telephony provider refused");
            } else {
                assertThat(stats.placedFor(c.id())).as("%s placed exactly once", c.id()).isEqualTo(1);
            }
        }
        assertThat(stats.placedByCallId().keySet()).as("no call placed that was not created")
                .isSubsetOf(ended.keySet());
        // A dial refused as invalid is a request like any other; only a throttled one (never placed) is retried.
        assertThat(cloud.voice().attempts(REFUSED)).isBetween(perNumber.get(REFUSED),
                perNumber.get(REFUSED) + stats.throttledDials());
    }

    private static void assertWithinChimesQuotas(DialStats stats) {
        assertThat(stats.maxPlacedInAnySecond()).as("calls placed in any one-second window")
                .isLessThanOrEqualTo(QUOTA_DIALS_PER_SECOND);
        assertThat(stats.peakActiveCalls()).as("calls active at once").isLessThanOrEqualTo(QUOTA_ACTIVE);
        assertThat(stats.refusedAtCapacity()).as("dials Chime refused for the active-call limit").isZero();
    }

    /** The store and the queue after the load: a request served, a new call placed and ended, no dead letter. */
    private static void assertHealthy(String key) throws Exception {
        HttpResponse<String> listed = send(HttpRequest.newBuilder(api.resolve("/api/calls/list?limit=1"))
                .header("x-api-key", key).GET());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        Created after = create(key, "after", "+12025550150");
        Deadline.await("a call made after the load to end", () -> get(key, after.id()),
                c -> c.path("status").asText().equals("completed"));
        cloud.stack().awaitQueueDrained("DialQueue", Duration.ofSeconds(60));
        SqsClient sqs = cloud.stack().sqs();
        String dlq = cloud.stack().queueUrl("DialDeadLetterQueue");
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        assertThat(attributes).as("the dial queue's dead-letter queue").containsEntry(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0").containsEntry(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
    }

    /** {@code count} creates from one key, {@code clients} at a time; every one must be a 201. */
    private static List<Created> burst(String key, int count, int parallel) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Created>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String number = numberFor(i);
                int n = i;
                futures.add(pool.submit(() -> create(key, "burst-" + n, number)));
            }
            return collect(futures);
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code count} creates started at {@code perSecond}, spread over the keys in turn. */
    private static List<Created> paced(List<String> keys, int count, int perSecond) throws Exception {
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        List<Future<Created>> futures = Collections.synchronizedList(new ArrayList<>());
        int[] next = {0};
        try {
            var ticking = ticks.scheduleAtFixedRate(() -> {
                int i = next[0]++;
                if (i < count) {
                    String key = keys.get(i % keys.size());
                    String number = numberFor(BURST + i);
                    futures.add(clients.submit(() -> create(key, "campaign-" + i, number)));
                }
            }, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
            Deadline.await("the campaign's creates to be sent", Duration.ofSeconds(count / perSecond * 10L + 60),
                    futures::size, size -> size == count);
            ticking.cancel(false);
            return collect(new ArrayList<>(futures));
        } finally {
            ticks.shutdownNow();
        }
    }

    private static List<Created> collect(List<Future<Created>> futures) throws Exception {
        List<Created> all = new ArrayList<>();
        for (Future<Created> future : futures) {
            all.add(future.get(2, TimeUnit.MINUTES));
        }
        return all;
    }

    private static String numberFor(int i) {
        List<String> numbers = List.copyOf(OUTCOMES.keySet());
        return numbers.get(i % numbers.size());
    }

    /** Every call of these owners, once all {@code total} have ended; the wait allows twice the dials' pace. */
    private static Map<String, JsonNode> awaitEveryCallEnded(Collection<String> keys, int total) {
        Duration limit = Duration.ofSeconds(2L * total / QUOTA_DIALS_PER_SECOND + 120);
        return Deadline.await("every call to end", limit, Duration.ofSeconds(2), () -> {
            Map<String, JsonNode> calls = new LinkedHashMap<>();
            for (String key : keys) {
                list(key).forEach(c -> calls.put(c.path("id").asText(), c));
            }
            return calls;
        }, calls -> calls.size() >= total && calls.values().stream()
                .allMatch(c -> TERMINAL.contains(c.path("status").asText())));
    }

    /** How many of the owner's calls are not dialed yet. */
    private static long waiting(String key) {
        return list(key).stream().filter(c -> c.path("dialed_at").isNull()).count();
    }

    private static List<JsonNode> list(String key) {
        try {
            HttpResponse<String> page = send(HttpRequest.newBuilder(api.resolve("/api/calls/list?limit=1000"))
                    .header("x-api-key", key).GET());
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode data = data(page);
            assertThat(data.path("has_more").asBoolean()).isFalse();
            List<JsonNode> calls = new ArrayList<>();
            data.path("calls").forEach(calls::add);
            return calls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode get(String key, String id) {
        try {
            HttpResponse<String> got = send(HttpRequest.newBuilder(api.resolve("/api/calls/" + id))
                    .header("x-api-key", key).GET());
            assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
            return data(got);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Created create(String key, String contact, String number) throws IOException {
        HttpResponse<String> answer = post("/calls/create", key, "{\"contact_id\": \"" + contact
                + "\", \"phone_number\": \"" + number + "\"}");
        assertThat(answer.statusCode()).as("create to %s: %s", number, answer.body()).isEqualTo(201);
        JsonNode call = data(answer);
        return new Created(call.path("id").asText(), call);
    }

    private static HttpResponse<String> post(String path, String key, String body) throws IOException {
        return send(HttpRequest.newBuilder(api.resolve("/api" + path)).header("x-api-key", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static JsonNode data(HttpResponse<String> response) throws IOException {
        JsonNode envelope = JSON.readTree(response.body());
        assertThat(envelope.path("success").asBoolean()).as(response.body()).isTrue();
        return envelope.path("data");
    }

    private static String issueKey(String label) {
        String table = cloud.stack().environment("CreateApiKeyFunction").get("API_KEYS_TABLE");
        try (DynamoDbClient dynamoDb = cloud.stack().dynamoDb()) {
            return ApiKeyService.over(dynamoDb, table).issue(SharedCloud.newOwner(label),
                    NewApiKey.of("load test", List.of("calls:read", "calls:write"))).key();
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(1, Duration.between(from, to).toMillis()) / 1000.0;
    }

    private static Map<String, String> outcomes() {
        Map<String, String> outcomes = new LinkedHashMap<>();
        outcomes.put("+12025550100", "completed");
        outcomes.put("+12025550101", "busy");
        outcomes.put("+12025550102", "no-answer");
        outcomes.put("+12025550103", "failed");
        outcomes.put(REFUSED, "failed");
        outcomes.put("+12025550150", "completed");
        return Collections.unmodifiableMap(outcomes);
    }

    /** An accepted create: the call's id and the call as the 201 gave it. */
    private record Created(String id, JsonNode call) {
    }
}
