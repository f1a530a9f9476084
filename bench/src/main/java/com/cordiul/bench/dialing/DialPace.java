package com.cordiul.bench.dialing;

import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.NewApiKey;
import com.cordiul.local.runner.LocalCloud;
import com.cordiul.local.runner.LocalOptions;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The dial pipeline's pace on the local stack: {@code bench/dialing [--latency-calls N] [--backlog-calls M]
 * [--smoke]}. Starts the template's stack with its defaults (ChimeCallsPerSecond 1, ChimeMaxActiveCalls 10, the
 * dialer's MaximumConcurrency 5) against the voice simulator with Chime's default quotas, calls played 20 times
 * faster than Chime's pace. Then: accept-to-dial latency with an empty queue (N calls, each created once the pacer's
 * previous slot has passed; from the call's {@code created_at} to its {@code dialed_at}, both written by the
 * functions on this machine's clock), and the sustained rate (M calls of two owners created at once; dials from the
 * first {@code dialed_at} to the last, as a ratio to the configured quota). Prints both.
 */
public final class DialPace {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWERED = "+12025550100";
    /** The template's default ChimeCallsPerSecond. */
    private static final double QUOTA = 1;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final LocalCloud cloud;
    private final URI api;

    private DialPace(LocalCloud cloud) {
        this.cloud = cloud;
        this.api = URI.create(cloud.stack().url() + "/api");
    }

    public static void main(String[] args) throws Exception {
        int latencyCalls = 50;
        int backlogCalls = 300;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--latency-calls" -> latencyCalls = Integer.parseInt(args[++i]);
                case "--backlog-calls" -> backlogCalls = Integer.parseInt(args[++i]);
                case "--smoke" -> {
                    latencyCalls = 10;
                    backlogCalls = 30;
                }
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + " (use --latency-calls N, --backlog-calls M, --smoke)");
            }
        }
        Path root = Path.of(System.getProperty("cordiul.root", "."));
        LocalOptions options = LocalOptions.defaults(root.resolve("template.yaml")).withPort(0)
                .withDynamoDataDir(null).withWorkDir(Files.createTempDirectory("bench-dialing"))
                .withParameter("DefaultFromNumber", "+12025550199").withSchedules(false);
        PlayoutTiming timing = PlayoutTiming.scaled(0.05).withInvocationLimits(
                PlayoutTiming.CHIME_INVOCATION_TIMEOUT, PlayoutTiming.CHIME_GIVE_UP);
        try (LocalCloud cloud = LocalCloud.start(options, timing, ChimeQuotas.chimeDefaults())) {
            DialPace bench = new DialPace(cloud);
            String first = issueKey(cloud, "bench-dialing-a");
            String second = issueKey(cloud, "bench-dialing-b");
            bench.latency(first, 3);
            List<Long> latencies = bench.latency(first, latencyCalls);
            System.out.printf("dialing: accept to dial, empty queue: %d calls, p50 %d ms, p99 %d ms, max %d ms%n",
                    latencies.size(), percentile(latencies, 50), percentile(latencies, 99),
                    latencies.get(latencies.size() - 1));
            double rate = bench.sustainedRate(List.of(first, second), backlogCalls);
            System.out.printf("dialing: sustained: %d calls of 2 owners created at once, dialed at %.3f/s, %.3f of "
                    + "the quota (%.0f/s); most placed in one second %d, peak active %d, throttled by Chime %d%n",
                    backlogCalls, rate, rate / QUOTA, QUOTA, cloud.voice().stats().maxPlacedInAnySecond(),
                    cloud.voice().stats().peakActiveCalls(), cloud.voice().stats().throttledDials());
        }
    }

    /** Created-to-dialed of calls made one at a time, each after the previous one's dial and its pace interval. */
    private List<Long> latency(String key, int calls) throws Exception {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            JsonNode created = create(key);
            JsonNode dialed = awaitDialed(key, created.path("id").asText(), Duration.ofSeconds(60));
            Instant at = Instant.parse(dialed.path("dialed_at").asText());
            latencies.add(Duration.between(Instant.parse(created.path("created_at").asText()), at).toMillis());
            // The pacer's next slot is one interval (1025 ms) after this dial: the next call finds the queue empty
            // and the pace free, as a lone call does.
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), at.plusMillis(1100)).toMillis()));
        }
        Collections.sort(latencies);
        return latencies;
    }

    /** Dials per second from the first dial to the last of a backlog created at once. */
    private double sustainedRate(List<String> keys, int calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<JsonNode>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < calls; i++) {
                String key = keys.get(i % keys.size());
                futures.add(pool.submit(() -> create(key)));
            }
            List<String[]> created = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                created.add(new String[] {keys.get(i % keys.size()), futures.get(i).get().path("id").asText()});
            }
            Duration limit = Duration.ofSeconds((long) (calls / QUOTA * 2) + 60);
            List<Instant> dials = new ArrayList<>();
            for (String[] call : created) {
                dials.add(Instant.parse(awaitDialed(call[0], call[1], limit).path("dialed_at").asText()));
            }
            Collections.sort(dials);
            double span = Duration.between(dials.get(0), dials.get(dials.size() - 1)).toMillis() / 1000.0;
            return (dials.size() - 1) / span;
        } finally {
            pool.shutdownNow();
        }
    }

    private JsonNode create(String key) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(api.resolve("/api/calls/create"))
                .header("x-api-key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"contact_id\": \"bench\", \"phone_number\": \""
                        + ANSWERED + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("create answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body()).path("data");
    }

    /**
     * The call once the simulator has placed it (watched there, so that waiting costs no API request: the per-key
     * request limit stays out of the figures), read once through the API.
     */
    private JsonNode awaitDialed(String key, String id, Duration limit) throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (cloud.voice().dialsFor(id) == 0) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(id + " not dialed within " + limit.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(api.resolve("/api/calls/" + id))
                .header("x-api-key", key).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode call = JSON.readTree(answer.body()).path("data");
        if (answer.statusCode() != 200 || call.path("dialed_at").isNull()) {
            throw new IllegalStateException(id + " placed but not read back dialed: " + answer.body());
        }
        return call;
    }

    private static String issueKey(LocalCloud cloud, String owner) {
        String table = cloud.stack().environment("CreateApiKeyFunction").get("API_KEYS_TABLE");
        try (DynamoDbClient dynamoDb = cloud.stack().dynamoDb()) {
            return ApiKeyService.over(dynamoDb, table).issue(owner, NewApiKey.of("bench",
                    List.of("calls:read", "calls:write"))).key();
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
