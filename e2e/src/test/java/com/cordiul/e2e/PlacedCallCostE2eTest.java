package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.NewApiKey;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.runner.LocalCloud;
import com.cordiul.local.runner.LocalOptions;
import com.cordiul.local.voice.AcceptedDial;
import com.cordiul.local.voice.ChimeQuotas;
import com.cordiul.local.voice.playout.PlayoutTiming;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a placed call costs in DynamoDB requests, counted, not timed: every request the whole pipeline sends (the
 * authorizer, create-call, the dialer, call-status for each of Chime's events) reaches dynalite through a
 * {@link CountingDynamoProxy}, on a stack with the template's defaults (1 dial per second, 10 active calls) and the
 * simulator's default quotas. Once with an empty queue, once for a backlog of two owners (the pacer's refusals and
 * the waiting they cause). The proxy also counts each write's units, tables and indexes, by AWS's rules
 * ({@link IndexWriteUnits}). The figures are printed for bench/README.md's cost section, and bounded by it: a change
 * that makes a call cost more requests or more write units fails here until the section is recomputed.
 */
class PlacedCallCostE2eTest {

    /** An answered call: NEW_OUTBOUND_CALL, RINGING, CALL_ANSWERED, ACTION_SUCCESSFUL, HANGUP. */
    static final String ANSWERED = "+12025550100";
    /**
     * bench/README.md "One thousand placed calls" and "Call status events": requests per call with an empty queue,
     * at most (21 to place and record it, 31 for its 5 status events, and up to 4 more when a later writer finds an
     * event still marked and publishes it again: idempotent, by its id; 52 and 53 were counted).
     */
    static final int REQUESTS_EMPTY_QUEUE = 56;
    /** The same, per call of a backlog (the pacer's refusals added), at most. */
    static final double REQUESTS_BACKLOG = 60;
    /**
     * bench/README.md "One thousand placed calls": the write units of an answered call on an empty queue, every
     * table and index, by AWS's rules ({@link IndexWriteUnits}), at most: 80 computed (48 of them on CallsTable), a
     * few more when a later writer finds an event still marked (a refused clear, a republished event).
     */
    static final int WRITE_UNITS_EMPTY_QUEUE = 84;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Dynalite dynalite;
    private static CountingDynamoProxy proxy;
    private static LocalCloud cloud;
    private static HttpClient http;
    private static URI api;

    @BeforeAll
    static void start() throws IOException {
        dynalite = Dynalite.start(Files.createTempDirectory("cordiul-cost-dynalite"), 0);
        proxy = CountingDynamoProxy.start(dynalite.endpoint());
        LocalOptions options = LocalOptions.defaults(RepositoryRoot.find().resolve("template.yaml"))
                .withPort(0)
                .withWorkDir(Files.createTempDirectory("cordiul-cost"))
                .withDynamoEndpoint(proxy.endpoint())
                .withParameter("DefaultFromNumber", SharedCloud.DEFAULT_FROM_NUMBER)
                // No schedule: the sweeper's and the reconciler's runs would be counted as the calls'.
                .withSchedules(false)
                .withInitTimeout(Duration.ofSeconds(30));
        cloud = LocalCloud.start(options, PlayoutTiming.scaled(0.05).withInvocationLimits(
                PlayoutTiming.CHIME_INVOCATION_TIMEOUT, PlayoutTiming.CHIME_GIVE_UP), ChimeQuotas.chimeDefaults());
        api = URI.create(cloud.stack().url() + "/api");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }

    @Test
    void anAnsweredCall_onAnEmptyQueue_costsTheRequestsTheCostSectionCounts() throws Exception {
        String key = issueKey("cost-single");
        warmUp(key);
        proxy.reset();

        String id = create(key, "order-1-reminder");
        awaitPlayedOut(List.of(id));
        List<CountingDynamoProxy.Request> requests = quietRequests();

        assertThat(status(key, id)).isEqualTo("completed");
        print("one answered call, empty queue", requests, 1);
        assertThat(requests).as("DynamoDB requests of one call").hasSizeLessThanOrEqualTo(REQUESTS_EMPTY_QUEUE);
        assertThat(requests.stream().mapToInt(CountingDynamoProxy.Request::totalWriteUnits).sum())
                .as("write units of one call, by AWS's rules").isLessThanOrEqualTo(WRITE_UNITS_EMPTY_QUEUE);
    }

    @Test
    void aBacklogOfTwoOwners_costsThePacersRefusalsOnTop_withinTheCostSectionsBound() throws Exception {
        String first = issueKey("cost-backlog-a");
        String second = issueKey("cost-backlog-b");
        warmUp(first);
        warmUp(second);
        proxy.reset();

        List<String> ids = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String key = i % 2 == 0 ? first : second;
            ids.add(create(key, "backlog-" + i));
            keys.add(key);
        }
        awaitPlayedOut(ids);
        List<CountingDynamoProxy.Request> requests = quietRequests();

        for (int i = 0; i < ids.size(); i++) {
            assertThat(status(keys.get(i), ids.get(i))).isEqualTo("completed");
        }
        print("6 answered calls of 2 owners, created at once", requests, ids.size());
        assertThat((double) requests.size() / ids.size()).as("DynamoDB requests per call of a backlog")
                .isLessThanOrEqualTo(REQUESTS_BACKLOG);
    }

    /** One call placed and ended before counting, so that no first-time work is counted as a call's. */
    private static void warmUp(String key) throws Exception {
        String id = create(key, null);
        awaitPlayedOut(List.of(id));
        Deadline.await("the warm-up call to end", () -> status(key, id), "completed"::equals);
        quietRequests();
    }

    private static void awaitPlayedOut(List<String> ids) throws InterruptedException {
        for (String id : ids) {
            AcceptedDial dial = Deadline.await("the dial of " + id, () -> cloud.voice().accepted().stream()
                    .filter(d -> id.equals(d.arguments().get("call_id"))).findFirst(),
                    java.util.Optional::isPresent).orElseThrow();
            assertThat(cloud.playout().awaitFinished(dial.transactionId(), Duration.ofSeconds(60)))
                    .as("playout of %s finished", id).isTrue();
        }
    }

    /** The requests counted, once the store has had none for two seconds (every event of the calls handled). */
    private static List<CountingDynamoProxy.Request> quietRequests() {
        int[] seen = {-1};
        Predicate<Integer> quiet = n -> {
            boolean same = n == seen[0];
            seen[0] = n;
            return same;
        };
        Deadline.await("the store to go quiet", Duration.ofSeconds(60), Duration.ofSeconds(2),
                () -> proxy.requests().size(), quiet);
        return proxy.requests();
    }

    private static void print(String what, List<CountingDynamoProxy.Request> requests, int calls) {
        Map<String, Integer> byLabel = new TreeMap<>();
        Map<String, Integer> writeUnits = new TreeMap<>();
        double units = 0;
        for (CountingDynamoProxy.Request r : requests) {
            byLabel.merge(r.label(), 1, Integer::sum);
            units += r.capacityUnits();
            r.writeUnits().forEach((where, n) -> writeUnits.merge(where, n, Integer::sum));
        }
        int totalWrites = writeUnits.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("[cost] %s: %d DynamoDB requests for %d call(s), %.1f per call; table capacity units "
                + "reported by dynalite %.1f per call (refused conditional writes not included); %s%n", what,
                requests.size(), calls, (double) requests.size() / calls, units / calls, byLabel);
        System.out.printf("[cost] %s: %.1f write units per call by AWS's rules (tables and indexes); in all %s%n",
                what, (double) totalWrites / calls, writeUnits);
    }

    private static String create(String key, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve("/api/calls/create"))
                .header("x-api-key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"contact_id\": \"contact_123\", \"phone_number\": \""
                        + ANSWERED + "\"}"));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return JSON.readTree(answer.body()).path("data").path("id").asText();
    }

    private static String status(String key, String id) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(api.resolve("/api/calls/" + id))
                    .header("x-api-key", key).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode call = JSON.readTree(answer.body()).path("data");
            return call.path("status").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String issueKey(String label) {
        String table = cloud.stack().environment("CreateApiKeyFunction").get("API_KEYS_TABLE");
        try (DynamoDbClient dynamoDb = cloud.stack().dynamoDb()) {
            return ApiKeyService.over(dynamoDb, table).issue(SharedCloud.newOwner(label),
                    NewApiKey.of("cost", List.of("calls:read", "calls:write"))).key();
        }
    }
}
