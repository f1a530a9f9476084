package com.cordiul.fn.createcall;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallIds;
import com.cordiul.calls.CallListRequest;
import com.cordiul.calls.CallQueries;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallService;
import com.cordiul.calls.CallStatus;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.CallerNumbers;
import com.cordiul.calls.CreateCallRequest;
import com.cordiul.chime.ChimeDialer;
import com.cordiul.chime.ThrottleRetry;
import com.cordiul.idempotency.Claim;
import com.cordiul.idempotency.IdempotencyKey;
import com.cordiul.idempotency.IdempotencyStore;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.TemplateTables;
import com.cordiul.local.voice.ChimeQuotas;
import com.cordiul.local.voice.VoiceSimulator;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.ratelimit.RateLimiter;
import com.cordiul.testing.ApiEvents;
import com.cordiul.testing.EmfRules;
import com.cordiul.testing.OldItemOnConditionFailure;
import com.cordiul.testing.RequestCounter;
import com.cordiul.testing.TestJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class CreateCallHandlerTest {

    private static final TemplateTables TABLES = TemplateTables.fromRepository();
    private static final String OWNER_A = "user_2abcOwnerA";
    private static final String OWNER_B = "user_9xyzOwnerB";
    private static final String FROM = "+12025550199";
    private static final CallerNumbers NUMBERS = new CallerNumbers(Optional.of(FROM), Set.of(FROM, "+12025550198"));
    private static Dynalite dynalite;
    private static DynamoDbClient dynamo;
    private static VoiceSimulator simulator;
    private static ChimeSdkVoiceClient chime;
    /** The simulated account's SIP media application: Chime places calls only through one it has. */
    private static String smaId;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private CallStore store;
    private IdempotencyStore idempotency;
    private CreateCallHandler handler;

    @BeforeAll
    static void start() {
        dynalite = Dynalite.startInMemory();
        dynamo = dynalite.client();
        TABLES.createAll(dynamo);
        // The handler's mapping of Chime's answers is tested here, dialing faster than Chime's 1 per second and with
        // no playout to end the calls: the quotas are off (the simulator's own tests and the load test enforce them).
        simulator = new VoiceSimulator().withInventory(List.of(FROM, "+12025550198"))
                .withSlowDelay(Duration.ofSeconds(3)).withQuotas(ChimeQuotas.off()).start(0);
        smaId = simulator.sipMediaApplications().create("us-east-1", "calls",
                List.of("arn:aws:lambda:us-east-1:123456789012:function:CallStatus:live")).id();
        chime = chimeClient(simulator.endpoint());
    }

    @AfterAll
    static void stop() {
        chime.close();
        simulator.close();
        dynamo.close();
        dynalite.close();
    }

    @BeforeEach
    void fresh() {
        TABLES.truncateAll(dynamo);
        simulator.reset();
        store = new CallStore(dynamo, "CallsTable");
        idempotency = new IdempotencyStore(dynamo, "IdempotencyTable", clock, Duration.ofSeconds(60),
                Duration.ofHours(24));
        handler = handler(dynamo);
    }

    /** Like AwsClients.chimeSdkVoice(): no SDK retries; a short timeout so the slow number is quick to test. */
    private static ChimeSdkVoiceClient chimeClient(URI endpoint) {
        return ChimeSdkVoiceClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofMillis(1500)))
                .build();
    }

    @Test
    void eachOutcome_isCountedInTheInvocationsMetrics_readBackAsCloudWatchReadsThem() {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        com.cordiul.logging.Log.redirect(new java.io.PrintStream(printed, true,
                java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "k-m")).getStatusCode())
                    .isEqualTo(201);
            assertThat(ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "k-m")).getStatusCode())
                    .as("a replay").isEqualTo(201);
            assertThat(ApiEvents.invoke(handler, event(OWNER_A, body("+12025550124"), "k-m")).getStatusCode())
                    .as("the key with another request").isEqualTo(409);
            assertThat(ApiEvents.invoke(handler, event(OWNER_A, body("+12025550112"), null)).getStatusCode())
                    .as("Chime throttles every attempt").isEqualTo(503);
            assertThat(ApiEvents.invoke(handler, event(OWNER_A, body("+12025550110"), null)).getStatusCode())
                    .as("Chime refuses the number").isEqualTo(400);
            assertThat(ApiEvents.invoke(handler, event(OWNER_A, body("+12025550111"), null)).getStatusCode())
                    .as("Chime's concurrent calls").isEqualTo(429);
        } finally {
            com.cordiul.logging.Log.redirect(System.out);
        }
        List<String> lines = printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        List<EmfRules.Datum> data = EmfRules.data(lines);
        assertThat(EmfRules.sum(data, "CallsAccepted", Map.of())).isEqualTo(4);
        assertThat(EmfRules.sum(data, "CallsDialed", Map.of())).isEqualTo(1);
        assertThat(EmfRules.sum(data, "IdempotentReplays", Map.of())).isEqualTo(1);
        assertThat(EmfRules.sum(data, "IdempotencyConflicts", Map.of("Reason", "key_reused"))).isEqualTo(1);
        assertThat(EmfRules.sum(data, "ChimeThrottles", Map.of())).isEqualTo(3);
        assertThat(EmfRules.sum(data, "ChimeErrors", Map.of("ErrorClass", "throttled"))).isEqualTo(1);
        assertThat(EmfRules.sum(data, "ChimeErrors", Map.of("ErrorClass", "rejected"))).isEqualTo(1);
        assertThat(EmfRules.sum(data, "ChimeErrors", Map.of("ErrorClass", "capacity"))).isEqualTo(1);
        assertThat(EmfRules.sum(data, "DialFailures", Map.of())).as("not the refused number").isEqualTo(2);
        assertThat(EmfRules.sum(data, "CallsTerminal", Map.of("Status", "failed"))).isEqualTo(3);
        assertThat(data.stream().filter(d -> d.name().equals("DialLatency")).count()).isEqualTo(4);
        assertThat(lines.stream().filter(EmfRules::isDocument).count()).as("one document per invocation")
                .isEqualTo(6);
        assertThat(lines).filteredOn(l -> l.startsWith("{") && !EmfRules.isDocument(l)).allSatisfy(l ->
                assertThat(l).contains("\"function_request_id\":", "\"cold_start\":", "\"request_id\":"));
    }

    private CreateCallHandler handler(DynamoDbClient client) {
        CallService service = new CallService(new CallStore(client, "CallsTable"),
                new IdempotencyStore(client, "IdempotencyTable", clock, Duration.ofSeconds(60), Duration.ofHours(24)),
                new ChimeDialer(chime, smaId, new ThrottleRetry(3, n -> Duration.ZERO, d -> { })),
                NUMBERS, clock);
        return new CreateCallHandler(service, RateLimitPolicy.none());
    }

    private static String body(String to) {
        return "{\"contact_id\":\"contact_123\",\"phone_number\":\"" + to + "\",\"message\":\"Hello.\"}";
    }

    private static APIGatewayProxyRequestEvent event(String owner, String body, String key) {
        APIGatewayProxyRequestEvent event = ApiEvents.as(ApiEvents.load("create-call.json"), owner,
                "calls:read calls:write");
        event.setBody(body);
        return key == null ? event : ApiEvents.withHeader(event, "Idempotency-Key", key);
    }

    private static JsonNode json(APIGatewayProxyResponseEvent response) {
        try {
            return TestJson.mapper().readTree(response.getBody());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<CallRecord> calls(String owner) {
        return new CallQueries(dynamo, "CallsTable").list(owner, new CallListRequest(5000, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())).calls();
    }

    /** As deployed: the template's default limits (600 requests a minute, 5 calls a second, 60 a minute). */
    private CreateCallHandler limitedHandler() {
        return limitedHandler(dynamo);
    }

    private CreateCallHandler limitedHandler(DynamoDbClient client) {
        CallService service = new CallService(new CallStore(client, "CallsTable"),
                new IdempotencyStore(client, "IdempotencyTable", clock, Duration.ofSeconds(60), Duration.ofHours(24)),
                new ChimeDialer(chime, smaId, new ThrottleRetry(3, n -> Duration.ZERO, d -> { })),
                NUMBERS, clock);
        return new CreateCallHandler(service, RateLimitPolicy.callCreation(new RateLimiter(client, "RateLimitTable",
                clock)));
    }

    @Test
    void roundTrips_ofANewCallAndOfAReplay_onAStoreThatReturnsTheRefusingItem() {
        RequestCounter counter = new RequestCounter();
        try (DynamoDbClient client = counter.client(dynalite.endpoint(), new OldItemOnConditionFailure(dynamo))) {
            CreateCallHandler counted = limitedHandler(client);

            assertThat(ApiEvents.invoke(counted, event(OWNER_A, body("+12025550123"), "k-rt")).getStatusCode())
                    .isEqualTo(201);
            // Claim, count (request and call limits in one write), record, re-read and record the dial, store the
            // answer.
            assertThat(counter.operations()).containsExactly("PutItemRequest", "UpdateItemRequest",
                    "PutItemRequest", "GetItemRequest", "PutItemRequest", "UpdateItemRequest");
            counter.reset();

            APIGatewayProxyResponseEvent replay = ApiEvents.invoke(counted, event(OWNER_A, body("+12025550123"),
                    "k-rt"));

            assertThat(replay.getHeaders()).containsEntry(CreateCallHandler.REPLAYED_HEADER, "true");
            // The refused claim carries the first answer; then the request is counted.
            assertThat(counter.operations()).containsExactly("PutItemRequest", "UpdateItemRequest");
        }
    }

    @Test
    void refusedCreates_useUpNoCallQuota_andTheNextValidCallIsPlaced() {
        CreateCallHandler limited = limitedHandler();
        for (int i = 0; i < 12; i++) {
            // +1234567890 is too short for +1: a 400, as the README's bad example.
            APIGatewayProxyResponseEvent refused = ApiEvents.invoke(limited, event(OWNER_A, body("+1234567890"),
                    null));
            assertThat(refused.getStatusCode()).as("refused create %d", i).isEqualTo(400);
            assertThat(refused.getHeaders()).containsKey("X-RateLimit-Remaining");
        }

        APIGatewayProxyResponseEvent placed = ApiEvents.invoke(limited, event(OWNER_A, body("+12025550123"), null));

        assertThat(placed.getStatusCode()).isEqualTo(201);
        // The tightest limit is the per-second call limit, with this one call counted: 4 of 5 left.
        assertThat(placed.getHeaders()).containsEntry("X-RateLimit-Limit", "5")
                .containsEntry("X-RateLimit-Remaining", "4");
        assertThat(simulator.received()).hasSize(1);
        // Every request counted against the general limit, the refused ones too: 13 of 600.
        assertThat(storedCounter("requests@0")).isEqualTo(13);
        assertThat(storedCounter("calls-per-second@0")).isEqualTo(1);
    }

    @Test
    void idempotentReplays_countAsRequests_butNotAsCalls() {
        CreateCallHandler limited = limitedHandler();
        APIGatewayProxyResponseEvent first = ApiEvents.invoke(limited, event(OWNER_A, body("+12025550123"), "k-r"));
        assertThat(first.getStatusCode()).isEqualTo(201);
        for (int i = 0; i < 6; i++) {
            APIGatewayProxyResponseEvent replay = ApiEvents.invoke(limited, event(OWNER_A, body("+12025550123"),
                    "k-r"));
            assertThat(replay.getStatusCode()).as("replay %d", i).isEqualTo(201);
            assertThat(replay.getHeaders()).containsEntry(CreateCallHandler.REPLAYED_HEADER, "true");
        }
        for (int i = 0; i < 4; i++) {
            assertThat(ApiEvents.invoke(limited, event(OWNER_A, body("+1202555013" + i), null)).getStatusCode())
                    .as("new call %d", i).isEqualTo(201);
        }

        APIGatewayProxyResponseEvent sixth = ApiEvents.invoke(limited, event(OWNER_A, body("+12025550140"), null));

        assertThat(sixth.getStatusCode()).isEqualTo(429);
        assertThat(json(sixth).get("error").get("message").asText()).contains("calls per second");
        assertThat(simulator.received()).hasSize(5);
        assertThat(storedCounter("requests@0")).isEqualTo(11);
    }

    @Test
    void aCallTheLimitRefuses_isNeitherRecordedNorDialed_andGivesItsIdempotencyKeyBack() {
        CreateCallHandler limited = limitedHandler();
        for (int i = 0; i < 5; i++) {
            assertThat(ApiEvents.invoke(limited, event(OWNER_A, body("+1202555013" + i), null)).getStatusCode())
                    .isEqualTo(201);
        }

        APIGatewayProxyResponseEvent refused = ApiEvents.invoke(limited, event(OWNER_A, body("+12025550140"),
                "k-later"));

        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(refused.getHeaders()).containsEntry("Retry-After", "1")
                .containsEntry("X-RateLimit-Remaining", "0");
        assertThat(calls(OWNER_A)).hasSize(5);
        assertThat(simulator.received()).hasSize(5);
        assertThat(dynamo.scan(b -> b.tableName("IdempotencyTable")).count()).isZero();
        // Counted nowhere: the general limit saw the 5 calls only.
        assertThat(storedCounter("requests@0")).isEqualTo(5);

        now.set(now.get().plusSeconds(1));
        APIGatewayProxyResponseEvent retried = ApiEvents.invoke(limited, event(OWNER_A, body("+12025550140"),
                "k-later"));
        assertThat(retried.getStatusCode()).isEqualTo(201);
        assertThat(simulator.received()).hasSize(6);
    }

    /** A counter of the sample event's key in the rate-limit item of the current minute. */
    private int storedCounter(String counter) {
        return dynamo.scan(b -> b.tableName("RateLimitTable")).items().stream()
                .filter(item -> item.containsKey(counter))
                .mapToInt(item -> Integer.parseInt(item.get(counter).n())).sum();
    }

    @Test
    void sampleEvent_recordsTheCall_dialsItOnce_andAnswers201() {
        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, ApiEvents.load("create-call.json"));

        assertThat(response.getStatusCode()).isEqualTo(201);
        JsonNode data = json(response).get("data");
        String id = data.get("id").asText();
        assertThat(CallIds.isWellFormed(id)).isTrue();
        assertThat(data.get("status").asText()).isEqualTo("initiating");
        assertThat(data.get("contact_id").asText()).isEqualTo("contact_123");
        assertThat(data.get("phone_number").asText()).isEqualTo("+12025550123");
        assertThat(data.get("from_number").asText()).isEqualTo(FROM);
        assertThat(data.get("message").asText()).isEqualTo("Hello from Cordiul.");
        assertThat(data.get("created_at").asText()).isEqualTo("2026-03-01T12:00:00.000Z");
        assertThat(simulator.received()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/sip-media-applications/" + smaId + "/calls");
            assertThat(r.body()).contains("\"FromPhoneNumber\":\"" + FROM + "\"",
                    "\"ToPhoneNumber\":\"+12025550123\"");
        });
        assertThat(simulator.accepted()).singleElement().satisfies(d -> {
            assertThat(d.arguments()).containsEntry("call_id", id).containsEntry("owner", OWNER_A);
            CallRecord stored = store.find(OWNER_A, id).orElseThrow();
            assertThat(stored.transactionId()).isEqualTo(d.transactionId());
        });
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "+12025550110, 400, call_rejected,          ,   failed,     1, 0",
        "+12025550111, 429, call_capacity_exceeded, 30, failed,     1, 0",
        "+12025550112, 503, telephony_busy,         2,  failed,     3, 0",
        "+12025550113, 201, ,                       ,   initiating, 2, 1",
        "+12025550114, 202, ,                       ,   initiating, 1, 1",
        "+12025550115, 202, ,                       ,   initiating, 1, 0",
        "+12025550116, 202, ,                       ,   initiating, 1, 1",
        "+12025550117, 502, telephony_unavailable,  ,   failed,     1, 0",
        "+12025550118, 502, telephony_unavailable,  ,   failed,     1, 0",
        "+12025550119, 502, telephony_unavailable,  ,   failed,     1, 0",
    })
    void everyChimeOutcome_isRecorded_andAnswered(String to, int status, String code, String retryAfter,
                                                  String storedStatus, int attempts, int dials) {
        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, event(OWNER_A, body(to), null));

        assertThat(response.getStatusCode()).isEqualTo(status);
        JsonNode envelope = json(response);
        if (code != null) {
            assertThat(envelope.get("success").asBoolean()).isFalse();
            assertThat(envelope.get("error").get("code").asText()).isEqualTo(code);
            assertThat(envelope.get("error").get("message").asText()).doesNotContain("Exception");
        } else {
            assertThat(envelope.get("data").get("status").asText()).isEqualTo(storedStatus);
            assertThat(envelope.get("data").has("status_detail")).isEqualTo(status == 202);
        }
        assertThat(response.getHeaders().get("Retry-After")).isEqualTo(retryAfter);
        assertThat(calls(OWNER_A)).singleElement().satisfies(call -> {
            assertThat(call.status().value()).isEqualTo(storedStatus);
            if (status == 201) {
                assertThat(call.transactionId()).isNotNull();
            }
        });
        assertThat(simulator.attempts(to)).isEqualTo(attempts);
        assertThat(simulator.dials()).isEqualTo(dials);
    }

    @Test
    void invalidRequests_are400sNamingTheField_andNothingIsStoredOrDialed() {
        String[][] cases = {
            {"{\"contact_id\":\"contact_123\",\"phone_number\":\"+1234567890\",\"from_number\":\"+0987654321\"}",
                "phone_number"},
            {"{\"contact_id\":\"contact_123\",\"phone_number\":\"+12025550123\",\"from_number\":\"+0987654321\"}",
                "from_number"},
            {"{\"contact_id\":\"contact_123\",\"phone_number\":\"+12025550123\",\"from_number\":\"+12025550177\"}",
                "from_number"},
            {"{\"phone_number\":\"+12025550123\"}", "contact_id"},
            {"{\"contact_id\":\"c\",\"phone_number\":\"+12025550123\",\"extra\":1}", "extra"},
        };
        for (String[] c : cases) {
            APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, event(OWNER_A, c[0], null));
            assertThat(response.getStatusCode()).as(c[0]).isEqualTo(400);
            assertThat(json(response).get("error").get("field").asText()).as(c[0]).isEqualTo(c[1]);
        }
        APIGatewayProxyResponseEvent badKey = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"),
                "x".repeat(256)));
        assertThat(badKey.getStatusCode()).isEqualTo(400);
        assertThat(json(badKey).get("error").get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(calls(OWNER_A)).isEmpty();
        assertThat(simulator.received()).isEmpty();
    }

    @Test
    void callerWithoutWritePermission_isRefused_withoutDialing() {
        APIGatewayProxyRequestEvent event = ApiEvents.as(ApiEvents.load("create-call.json"), OWNER_A, "calls:read");
        assertThat(ApiEvents.invoke(handler, event).getStatusCode()).isEqualTo(403);
        assertThat(simulator.received()).isEmpty();
    }

    @Test
    void sameKeyAndBody_replaysTheFirstResponse_withoutANewCall() {
        APIGatewayProxyResponseEvent first = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "k-1"));
        APIGatewayProxyResponseEvent second = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "k-1"));

        assertThat(first.getStatusCode()).isEqualTo(201);
        assertThat(second.getStatusCode()).isEqualTo(201);
        assertThat(json(second).get("data")).isEqualTo(json(first).get("data"));
        assertThat(second.getHeaders()).containsEntry("Idempotent-Replayed", "true");
        assertThat(first.getHeaders()).doesNotContainKey("Idempotent-Replayed");
        assertThat(simulator.dials()).isEqualTo(1);
        assertThat(calls(OWNER_A)).hasSize(1);
    }

    @Test
    void uncertainDial_isReplayedAs202_andNeverDialedAgain() {
        APIGatewayProxyResponseEvent first = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550114"), "k-2"));
        APIGatewayProxyResponseEvent second = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550114"), "k-2"));

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(second.getStatusCode()).isEqualTo(202);
        assertThat(json(second).get("data").get("id")).isEqualTo(json(first).get("data").get("id"));
        assertThat(simulator.attempts("+12025550114")).isEqualTo(1);
    }

    @Test
    void rejectedCall_isReplayedAsTheSameRefusal() {
        APIGatewayProxyResponseEvent first = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550110"), "k-3"));
        APIGatewayProxyResponseEvent second = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550110"), "k-3"));

        assertThat(first.getStatusCode()).isEqualTo(400);
        assertThat(second.getStatusCode()).isEqualTo(400);
        assertThat(json(second).get("error").get("message")).isEqualTo(json(first).get("error").get("message"));
        assertThat(simulator.attempts("+12025550110")).isEqualTo(1);
        assertThat(calls(OWNER_A)).hasSize(1);
    }

    @Test
    void callNotPlacedForACapacityReason_releasesTheKey_soTheRetryCanPlaceIt() {
        assertThat(ApiEvents.invoke(handler, event(OWNER_A, body("+12025550111"), "k-4")).getStatusCode())
                .isEqualTo(429);
        assertThat(ApiEvents.invoke(handler, event(OWNER_A, body("+12025550111"), "k-4")).getStatusCode())
                .isEqualTo(429);
        assertThat(simulator.attempts("+12025550111")).isEqualTo(2);
        assertThat(simulator.dials()).isZero();
    }

    @Test
    void sameKeyWithAnotherBody_isAConflict() {
        ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "k-5"));
        APIGatewayProxyResponseEvent reused = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550124"), "k-5"));

        assertThat(reused.getStatusCode()).isEqualTo(409);
        assertThat(json(reused).get("error").get("code").asText()).isEqualTo("idempotency_key_reused");
        assertThat(reused.getHeaders()).doesNotContainKey("Retry-After");
        assertThat(simulator.dials()).isEqualTo(1);
    }

    @Test
    void keysOfOneOwner_meanNothingToAnother() {
        ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "shared-key"));
        APIGatewayProxyResponseEvent other = ApiEvents.invoke(handler, event(OWNER_B, body("+12025550124"),
                "shared-key"));

        assertThat(other.getStatusCode()).isEqualTo(201);
        assertThat(calls(OWNER_A)).hasSize(1);
        assertThat(calls(OWNER_B)).hasSize(1);
        assertThat(simulator.dials()).isEqualTo(2);
    }

    @Test
    void duplicateWhileTheFirstIsInFlight_isRequestInProgress() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            var first = pool.submit(() -> ApiEvents.invoke(handler, event(OWNER_A, body("+12025550116"), "k-6")));
            awaitAttempt("+12025550116");
            APIGatewayProxyResponseEvent duplicate = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550116"),
                    "k-6"));

            assertThat(duplicate.getStatusCode()).isEqualTo(409);
            assertThat(json(duplicate).get("error").get("code").asText()).isEqualTo("request_in_progress");
            assertThat(Integer.parseInt(duplicate.getHeaders().get("Retry-After"))).isBetween(1, 5);
            assertThat(first.get().getStatusCode()).isEqualTo(202);
            assertThat(simulator.attempts("+12025550116")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitAttempt(String number) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (simulator.attempts(number) == 0) {
            assertThat(System.nanoTime()).as("the first request reached the simulator").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void twentyConcurrentIdenticalRequests_dialExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<APIGatewayProxyResponseEvent>> responses = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                responses.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "burst"));
                }, pool));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (var response : responses) {
                statuses.add(response.get().getStatusCode());
            }
            assertThat(statuses).containsOnly(201, 409).contains(201);
        } finally {
            pool.shutdownNow();
        }
        assertThat(simulator.dials()).isEqualTo(1);
        assertThat(simulator.attempts("+12025550123")).isEqualTo(1);
        assertThat(calls(OWNER_A)).hasSize(1);
    }

    @Test
    void takeoverAfterACrashAfterRecording_answersWithTheCall_withoutDialingAgain() {
        String fingerprint = CreateCallRequest.parse(jsonBody(body("+12025550123")), NUMBERS).fingerprint();
        String callId = CallIds.next(now.get());
        idempotency.claim(OWNER_A, IdempotencyKey.fromHeader(List.of("k-7")).orElseThrow(), fingerprint, callId);
        // The crashed holder had recorded the call, and Chime had already reported it ringing.
        CallRecord recorded = CallRecord.initiating(OWNER_A, callId, "contact_123", "+12025550123", FROM, "Hello.",
                CallIds.instantOf(callId));
        store.create(recorded);
        store.update(OWNER_A, callId, r -> new com.cordiul.calls.CallStatusMachine().apply(r,
                CallEvent.ringing(now.get())));
        now.set(now.get().plusSeconds(61));

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "k-7"));

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(json(response).get("data").get("id").asText()).isEqualTo(callId);
        assertThat(json(response).get("data").get("status").asText()).isEqualTo("ringing");
        assertThat(simulator.received()).isEmpty();
        // Completed: the next duplicate is a replay of that answer.
        APIGatewayProxyResponseEvent replay = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "k-7"));
        assertThat(replay.getHeaders()).containsEntry("Idempotent-Replayed", "true");
        assertThat(simulator.received()).isEmpty();
    }

    @Test
    void takeoverAfterACrashBeforeRecording_placesTheCallOnce_underThePreassignedId() {
        String fingerprint = CreateCallRequest.parse(jsonBody(body("+12025550123")), NUMBERS).fingerprint();
        String callId = CallIds.next(now.get());
        Claim claim = idempotency.claim(OWNER_A, IdempotencyKey.fromHeader(List.of("k-8")).orElseThrow(),
                fingerprint, callId);
        assertThat(claim).isInstanceOf(Claim.Owned.class);
        now.set(now.get().plusSeconds(61));

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "k-8"));

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(json(response).get("data").get("id").asText()).isEqualTo(callId);
        assertThat(simulator.dials()).isEqualTo(1);
        assertThat(store.find(OWNER_A, callId).orElseThrow().status()).isEqualTo(CallStatus.INITIATING);
    }

    @Test
    void storeDown_is503_andNothingIsDialed() {
        try (DynamoDbClient down = DynamoDbClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + freePort()))
                .credentialsProvider(Dynalite.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            CreateCallHandler broken = handler(down);
            for (String key : new String[] {null, "k-9"}) {
                APIGatewayProxyResponseEvent response = ApiEvents.invoke(broken, event(OWNER_A, body("+12025550123"),
                        key));
                assertThat(response.getStatusCode()).isEqualTo(503);
                assertThat(json(response).get("error").get("code").asText()).isEqualTo("service_unavailable");
                assertThat(response.getHeaders()).containsKey("Retry-After");
                assertThat(response.getBody()).doesNotContain("Exception", "at com.");
            }
        }
        assertThat(simulator.received()).isEmpty();
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonBody(String json) {
        return (Map<String, Object>) com.cordiul.core.Json.parse(json);
    }
}
