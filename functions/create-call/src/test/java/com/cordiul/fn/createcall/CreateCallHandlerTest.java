package com.cordiul.fn.createcall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.calls.CallIds;
import com.cordiul.calls.CallListRequest;
import com.cordiul.calls.CallQueries;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallService;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.CallView;
import com.cordiul.calls.CallerNumbers;
import com.cordiul.calls.CreateCallRequest;
import com.cordiul.core.Environment;
import com.cordiul.core.Json;
import com.cordiul.dialqueue.DialMessage;
import com.cordiul.dialqueue.DialQueue;
import com.cordiul.dialqueue.QueueDepth;
import com.cordiul.idempotency.Claim;
import com.cordiul.idempotency.IdempotencyKey;
import com.cordiul.idempotency.IdempotencyStore;
import com.cordiul.local.elasticmq.ElasticMq;
import com.cordiul.local.elasticmq.QueueSpec;
import com.cordiul.ratelimit.RateLimitPolicy;
import com.cordiul.ratelimit.RateLimiter;
import com.cordiul.logging.Log;
import com.cordiul.testing.ApiEvents;
import com.cordiul.testing.EmfRules;
import com.cordiul.testing.LocalQueues;
import com.cordiul.testing.MutableClock;
import com.cordiul.testing.OldItemOnConditionFailure;
import com.cordiul.testing.RequestCounter;
import com.cordiul.testing.SilentEndpoint;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.TestJson;
import com.cordiul.testing.Unreachable;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * create-call against dynalite and ElasticMQ: it validates, claims the key, counts the call against the limits and
 * the owner's queue, queues it, records it and answers 201 at once; it never talks to Chime. Faults are injected at
 * each step: the queue down, the store down, the function dying between the send and the record.
 */
class CreateCallHandlerTest {

    private static final String OWNER_A = "user_2abcOwnerA";
    private static final String OWNER_B = "user_9xyzOwnerB";
    private static final String FROM = "+12025550199";
    private static final String QUEUE = "DialQueue.fifo";
    private static final CallerNumbers NUMBERS = new CallerNumbers(Optional.of(FROM), Set.of(FROM, "+12025550198"));
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();
    @RegisterExtension
    static final LocalQueues QUEUES = new LocalQueues(QueueSpec.fifo(QUEUE));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private CallStore store;
    private IdempotencyStore idempotency;
    private QueueDepth depth;
    private CreateCallHandler handler;

    @BeforeEach
    void fresh() {
        store = new CallStore(STORE.client(), "CallsTable");
        idempotency = idempotency(STORE.client());
        depth = depth(STORE.client(), 10_000);
        handler = handler(STORE.client(), QUEUES.client(), depth, RateLimitPolicy.none());
    }

    private IdempotencyStore idempotency(DynamoDbClient client) {
        return new IdempotencyStore(client, "IdempotencyTable", clock, Duration.ofSeconds(60), Duration.ofHours(24));
    }

    private QueueDepth depth(DynamoDbClient client, long limit) {
        return new QueueDepth(client, "DialControlTable", clock, limit,
                new CallQueries(client, "CallsTable")::countWaiting);
    }

    private CreateCallHandler handler(DynamoDbClient client, SqsClient sqs, QueueDepth counter,
                                      RateLimitPolicy limits) {
        CallService service = new CallService(new CallStore(client, "CallsTable"), idempotency(client), counter,
                new DialQueue(sqs, QUEUES.queueUrl(QUEUE)), NUMBERS, clock);
        return new CreateCallHandler(service, limits);
    }

    /** As deployed: the template's default limits (600 requests a minute, 100 calls a second, 1000 a minute). */
    private CreateCallHandler limitedHandler(DynamoDbClient client) {
        return handler(client, QUEUES.client(), depth(client, 10_000),
                RateLimitPolicy.callCreation(new RateLimiter(client, "RateLimitTable", clock)));
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

    private List<CallView> calls(String owner) {
        return new CallQueries(STORE.client(), "CallsTable").list(owner, new CallListRequest(5000, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())).calls();
    }

    /**
     * Every message on the dial queue, taken off it (a FIFO group's next messages are received only once those before
     * them are deleted).
     */
    private static List<Message> queued() {
        List<Message> all = new ArrayList<>();
        for (int round = 0; round < 50; round++) {
            int wait = round == 0 ? 1 : 0;
            List<Message> batch = QUEUES.client().receiveMessage(b -> b.queueUrl(QUEUES.queueUrl(QUEUE))
                    .maxNumberOfMessages(10).waitTimeSeconds(wait)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) {
                break;
            }
            all.addAll(batch);
            batch.forEach(m -> QUEUES.client().deleteMessage(b -> b.queueUrl(QUEUES.queueUrl(QUEUE))
                    .receiptHandle(m.receiptHandle())));
        }
        return all;
    }

    private static DialMessage dialMessage(Message m) {
        return DialMessage.parse(m.body()).orElseThrow();
    }

    @Test
    void sampleEvent_recordsTheCall_queuesIt_andAnswers201AtOnce_notDialedYet() {
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
        assertThat(data.has("dialed_at")).isTrue();
        assertThat(data.get("dialed_at").isNull()).isTrue();
        String owner = ApiEvents.load("create-call.json").getRequestContext().getAuthorizer().get("owner").toString();
        assertThat(queued()).singleElement().satisfies(m -> {
            assertThat(dialMessage(m)).isEqualTo(DialMessage.of(owner, id));
            assertThat(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).hasSize(64);
        });
        CallRecord stored = store.find(owner, id).orElseThrow();
        assertThat(stored.waiting()).isTrue();
        assertThat(depth.depth(owner)).isEqualTo(1);
    }

    @Test
    void roundTrips_ofANewCallAndOfAReplay_onAStoreThatReturnsTheRefusingItem() {
        RequestCounter counter = new RequestCounter();
        try (DynamoDbClient client = counter.client(STORE.endpoint(), new OldItemOnConditionFailure(
                STORE.client()))) {
            CreateCallHandler counted = limitedHandler(client);

            assertThat(ApiEvents.invoke(counted, event(OWNER_A, body("+12025550123"), "k-rt")).getStatusCode())
                    .isEqualTo(201);
            // Claim, count (request and call limits in one write), count on the queue, record, store the answer;
            // and one SendMessage between the last two. Before the queue: 6 requests and a Chime dial.
            assertThat(counter.operations()).containsExactly("PutItemRequest", "UpdateItemRequest",
                    "UpdateItemRequest", "PutItemRequest", "UpdateItemRequest");
            counter.reset();

            APIGatewayProxyResponseEvent replay = ApiEvents.invoke(counted, event(OWNER_A, body("+12025550123"),
                    "k-rt"));

            assertThat(replay.getHeaders()).containsEntry(CreateCallHandler.REPLAYED_HEADER, "true");
            // The refused claim carries the first answer; then the request is counted.
            assertThat(counter.operations()).containsExactly("PutItemRequest", "UpdateItemRequest");
        }
        assertThat(queued()).hasSize(1);
    }

    @Test
    void aBurstOfAHundredCreatesFromOneKey_isAccepted_andTheHundredAndFirstInTheSameSecondIsRateLimited() {
        CreateCallHandler limited = limitedHandler(STORE.client());
        for (int i = 0; i < 100; i++) {
            APIGatewayProxyResponseEvent created = ApiEvents.invoke(limited, event(OWNER_A,
                    body(String.format("+1202555%04d", 2000 + i)), null));
            assertThat(created.getStatusCode()).as("create %d", i).isEqualTo(201);
        }

        APIGatewayProxyResponseEvent refused = ApiEvents.invoke(limited, event(OWNER_A, body("+12025553000"), null));

        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(json(refused).get("error").get("code").asText()).isEqualTo("rate_limited");
        assertThat(json(refused).get("error").get("message").asText()).contains("calls per second");
        assertThat(calls(OWNER_A)).hasSize(100);
        assertThat(queued()).hasSize(100);
    }

    @Test
    void refusedCreates_useUpNoCallQuota_andTheNextValidCallIsAccepted() {
        CreateCallHandler limited = limitedHandler(STORE.client());
        for (int i = 0; i < 12; i++) {
            // +1234567890 is too short for +1: a 400, as the README's bad example.
            APIGatewayProxyResponseEvent refused = ApiEvents.invoke(limited, event(OWNER_A, body("+1234567890"),
                    null));
            assertThat(refused.getStatusCode()).as("refused create %d", i).isEqualTo(400);
            assertThat(refused.getHeaders()).containsKey("X-RateLimit-Remaining");
        }

        APIGatewayProxyResponseEvent placed = ApiEvents.invoke(limited, event(OWNER_A, body("+12025550123"), null));

        assertThat(placed.getStatusCode()).isEqualTo(201);
        // The tightest limit is the per-second call limit, with this one call counted: 99 of 100 left.
        assertThat(placed.getHeaders()).containsEntry("X-RateLimit-Limit", "100")
                .containsEntry("X-RateLimit-Remaining", "99");
        assertThat(queued()).hasSize(1);
        // Every request counted against the general limit, the refused ones too: 13 of 600.
        assertThat(storedCounter("requests@0")).isEqualTo(13);
        assertThat(storedCounter("calls-per-second@0")).isEqualTo(1);
    }

    @Test
    void idempotentReplays_countAsRequests_butNotAsCalls() {
        CreateCallHandler limited = limitedHandler(STORE.client());
        APIGatewayProxyResponseEvent first = ApiEvents.invoke(limited, event(OWNER_A, body("+12025550123"), "k-r"));
        assertThat(first.getStatusCode()).isEqualTo(201);
        for (int i = 0; i < 6; i++) {
            APIGatewayProxyResponseEvent replay = ApiEvents.invoke(limited, event(OWNER_A, body("+12025550123"),
                    "k-r"));
            assertThat(replay.getStatusCode()).as("replay %d", i).isEqualTo(201);
            assertThat(replay.getHeaders()).containsEntry(CreateCallHandler.REPLAYED_HEADER, "true");
            assertThat(json(replay).get("data")).isEqualTo(json(first).get("data"));
        }

        assertThat(storedCounter("requests@0")).isEqualTo(7);
        assertThat(storedCounter("calls-per-second@0")).isEqualTo(1);
        assertThat(queued()).hasSize(1);
        assertThat(calls(OWNER_A)).hasSize(1);
    }

    @Test
    void aCallTheLimitRefuses_isNeitherRecordedNorQueued_andGivesItsIdempotencyKeyBack() {
        CreateCallHandler limited = handler(STORE.client(), QUEUES.client(), depth, RateLimitPolicy.callCreation(
                new RateLimiter(STORE.client(), "RateLimitTable", clock),
                Environment.of(Map.of("RATE_LIMIT_CALLS_PER_SECOND", "2"))));
        for (int i = 0; i < 2; i++) {
            assertThat(ApiEvents.invoke(limited, event(OWNER_A, body("+1202555013" + i), null)).getStatusCode())
                    .isEqualTo(201);
        }

        APIGatewayProxyResponseEvent refused = ApiEvents.invoke(limited, event(OWNER_A, body("+12025550140"),
                "k-later"));

        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(refused.getHeaders()).containsEntry("Retry-After", "1")
                .containsEntry("X-RateLimit-Remaining", "0");
        assertThat(calls(OWNER_A)).hasSize(2);
        assertThat(STORE.client().scan(b -> b.tableName("IdempotencyTable")).count()).isZero();
        assertThat(depth.depth(OWNER_A)).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        APIGatewayProxyResponseEvent retried = ApiEvents.invoke(limited, event(OWNER_A, body("+12025550140"),
                "k-later"));
        assertThat(retried.getStatusCode()).isEqualTo(201);
        assertThat(queued()).hasSize(3);
    }

    /** A counter of the sample event's key in the rate-limit item of the current minute. */
    private int storedCounter(String counter) {
        return STORE.client().scan(b -> b.tableName("RateLimitTable")).items().stream()
                .filter(item -> item.containsKey(counter))
                .mapToInt(item -> Integer.parseInt(item.get(counter).n())).sum();
    }

    @Test
    void invalidRequests_are400sNamingTheField_andNothingIsStoredOrQueued() {
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
        assertThat(queued()).isEmpty();
        assertThat(depth.depth(OWNER_A)).isZero();
    }

    @Test
    void callerWithoutWritePermission_isRefused_withoutQueuing() {
        APIGatewayProxyRequestEvent event = ApiEvents.as(ApiEvents.load("create-call.json"), OWNER_A, "calls:read");
        assertThat(ApiEvents.invoke(handler, event).getStatusCode()).isEqualTo(403);
        assertThat(queued()).isEmpty();
    }

    @Test
    void sameKeyWithAnotherBody_isAConflict() {
        ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "k-5"));
        APIGatewayProxyResponseEvent reused = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550124"), "k-5"));

        assertThat(reused.getStatusCode()).isEqualTo(409);
        assertThat(json(reused).get("error").get("code").asText()).isEqualTo("idempotency_key_reused");
        assertThat(reused.getHeaders()).doesNotContainKey("Retry-After");
        assertThat(queued()).hasSize(1);
    }

    @Test
    void keysOfOneOwner_meanNothingToAnother() {
        ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "shared-key"));
        APIGatewayProxyResponseEvent other = ApiEvents.invoke(handler, event(OWNER_B, body("+12025550124"),
                "shared-key"));

        assertThat(other.getStatusCode()).isEqualTo(201);
        assertThat(calls(OWNER_A)).hasSize(1);
        assertThat(calls(OWNER_B)).hasSize(1);
        assertThat(queued()).extracting(m -> dialMessage(m).owner()).containsExactlyInAnyOrder(OWNER_A, OWNER_B);
    }

    @Test
    void twentyConcurrentIdenticalRequests_queueAndRecordOneCall() throws Exception {
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
            assertThat(statuses).isSubsetOf(201, 409).contains(201);
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls(OWNER_A)).hasSize(1);
        assertThat(queued()).hasSize(1);
        assertThat(depth.depth(OWNER_A)).isEqualTo(1);
    }

    @Test
    void aDuplicateWhileTheFirstIsInFlight_isRequestInProgress() throws Exception {
        try (SilentEndpoint hanging = SilentEndpoint.start(); SqsClient slow = sqs(hanging.endpoint(),
                Duration.ofMillis(1500))) {
            CreateCallHandler stuck = handler(STORE.client(), slow, depth, RateLimitPolicy.none());
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<APIGatewayProxyResponseEvent> first = pool.submit(() -> ApiEvents.invoke(stuck,
                        event(OWNER_A, body("+12025550123"), "k-6")));
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (hanging.connections() == 0) {
                    assertThat(System.nanoTime()).as("the first request reached the queue").isLessThan(deadline);
                    Thread.sleep(5);
                }

                APIGatewayProxyResponseEvent duplicate = ApiEvents.invoke(handler, event(OWNER_A,
                        body("+12025550123"), "k-6"));

                assertThat(duplicate.getStatusCode()).isEqualTo(409);
                assertThat(json(duplicate).get("error").get("code").asText()).isEqualTo("request_in_progress");
                assertThat(Integer.parseInt(duplicate.getHeaders().get("Retry-After"))).isBetween(1, 5);
                // The queue never answered: 503, nothing recorded, the key and the count given back.
                assertThat(first.get().getStatusCode()).isEqualTo(503);
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(calls(OWNER_A)).isEmpty();
        assertThat(depth.depth(OWNER_A)).isZero();
        assertThat(ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "k-6")).getStatusCode())
                .isEqualTo(201);
    }

    @Test
    void aQueueThatIsDown_is503_nothingRecorded_andTheCountAndTheKeyAreGivenBack() {
        try (SqsClient down = sqs(URI.create("http://127.0.0.1:9"), Duration.ofSeconds(2))) {
            CreateCallHandler broken = handler(STORE.client(), down, depth, RateLimitPolicy.none());
            for (String key : new String[] {null, "k-queue"}) {
                APIGatewayProxyResponseEvent response = ApiEvents.invoke(broken, event(OWNER_A, body("+12025550123"),
                        key));
                assertThat(response.getStatusCode()).isEqualTo(503);
                assertThat(json(response).get("error").get("code").asText()).isEqualTo("service_unavailable");
                assertThat(response.getHeaders()).containsKey("Retry-After");
                assertThat(response.getBody()).doesNotContain("Exception", "at com.", "127.0.0.1");
            }
        }
        assertThat(calls(OWNER_A)).isEmpty();
        assertThat(depth.depth(OWNER_A)).isZero();
        assertThat(STORE.client().scan(b -> b.tableName("IdempotencyTable")).count()).isZero();
        assertThat(ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "k-queue")).getStatusCode())
                .isEqualTo(201);
    }

    @Test
    void aStoreThatIsDown_is503_andNothingIsQueued() {
        try (DynamoDbClient down = Unreachable.dynamoDb()) {
            CreateCallHandler broken = handler(down, QUEUES.client(), depth(down, 10), RateLimitPolicy.none());
            for (String key : new String[] {null, "k-9"}) {
                APIGatewayProxyResponseEvent response = ApiEvents.invoke(broken, event(OWNER_A, body("+12025550123"),
                        key));
                assertThat(response.getStatusCode()).isEqualTo(503);
                assertThat(json(response).get("error").get("code").asText()).isEqualTo("service_unavailable");
                assertThat(response.getHeaders()).containsKey("Retry-After");
                assertThat(response.getBody()).doesNotContain("Exception", "at com.");
            }
        }
        assertThat(queued()).isEmpty();
    }

    @Test
    void aFullQueue_is429QueueFull_withRetryAfter_nothingRecordedNorQueued_andTheKeyGivenBack() {
        CreateCallHandler small = handler(STORE.client(), QUEUES.client(), depth(STORE.client(), 2),
                RateLimitPolicy.none());
        ApiEvents.invoke(small, event(OWNER_A, body("+12025550123"), null));
        ApiEvents.invoke(small, event(OWNER_A, body("+12025550124"), null));

        APIGatewayProxyResponseEvent full = ApiEvents.invoke(small, event(OWNER_A, body("+12025550125"), "k-full"));
        APIGatewayProxyResponseEvent otherOwner = ApiEvents.invoke(small, event(OWNER_B, body("+12025550125"),
                null));

        assertThat(full.getStatusCode()).isEqualTo(429);
        assertThat(json(full).get("error").get("code").asText()).isEqualTo("queue_full");
        assertThat(full.getHeaders()).containsEntry("Retry-After", "60");
        assertThat(otherOwner.getStatusCode()).isEqualTo(201);
        assertThat(calls(OWNER_A)).hasSize(2);
        assertThat(queued()).hasSize(3);
        assertThat(STORE.client().scan(b -> b.tableName("IdempotencyTable")).count()).isZero();
    }

    /**
     * The function dies after queuing the call and before recording it: a message without a call (the dialer drops
     * it after its grace period), its count too high (never too low), the key still claimed. The client's retry
     * with the key, once the claim expires, takes it over, queues the same call id again (a FIFO duplicate is dropped)
     * and records it: one call, dialed once.
     */
    @Test
    void aCrashBetweenTheSendAndTheRecord_leavesNoCallAndOneMessage_andTheKeyedRetryRecordsItOnce() {
        try (DynamoDbClient dying = new RequestCounter().client(STORE.endpoint(), new DieOnCallsPut())) {
            CreateCallHandler crashing = handler(dying, QUEUES.client(), depth(dying, 10_000),
                    RateLimitPolicy.none());
            assertThatThrownBy(() -> ApiEvents.invoke(crashing, event(OWNER_A, body("+12025550123"), "k-crash")))
                    .isInstanceOf(FunctionDied.class);
        }
        assertThat(calls(OWNER_A)).isEmpty();
        assertThat(depth.depth(OWNER_A)).isEqualTo(1);

        APIGatewayProxyResponseEvent tooSoon = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"),
                "k-crash"));
        clock.advance(Duration.ofSeconds(61));
        APIGatewayProxyResponseEvent retried = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"),
                "k-crash"));

        assertThat(tooSoon.getStatusCode()).isEqualTo(409);
        assertThat(retried.getStatusCode()).isEqualTo(201);
        String id = json(retried).get("data").get("id").asText();
        assertThat(calls(OWNER_A)).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo(id));
        assertThat(queued()).singleElement().satisfies(m -> assertThat(dialMessage(m).callId()).isEqualTo(id));
        assertThat(depth.depth(OWNER_A)).isEqualTo(2);
    }

    @Test
    void aStoreFailingOnlyTheRecord_is503_keepsTheKeyClaimed_andTheRetryGetsTheCallOnce() {
        try (DynamoDbClient failing = new RequestCounter().client(STORE.endpoint(), new FailCallsPut())) {
            CreateCallHandler broken = handler(failing, QUEUES.client(), depth(failing, 10_000),
                    RateLimitPolicy.none());
            APIGatewayProxyResponseEvent response = ApiEvents.invoke(broken, event(OWNER_A, body("+12025550123"),
                    "k-store"));
            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(json(response).get("error").get("message").asText()).contains("same Idempotency-Key");
        }
        clock.advance(Duration.ofSeconds(61));

        APIGatewayProxyResponseEvent retried = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"),
                "k-store"));

        assertThat(retried.getStatusCode()).isEqualTo(201);
        assertThat(calls(OWNER_A)).hasSize(1);
        assertThat(queued()).hasSize(1);
    }

    @Test
    void takeoverAfterACrashAfterRecording_answersWithTheCallAsItStands_withoutQueuingItAgain() {
        String fingerprint = CreateCallRequest.parse(jsonBody(body("+12025550123")), NUMBERS).fingerprint();
        String callId = CallIds.next(clock.instant());
        idempotency.claim(OWNER_A, IdempotencyKey.fromHeader(List.of("k-7")).orElseThrow(), fingerprint, callId);
        // The crashed holder had queued and recorded the call; the dialer has claimed it since.
        CallRecord recorded = CallRecord.initiating(OWNER_A, callId, "contact_123", "+12025550123", FROM, "Hello.",
                CallIds.instantOf(callId));
        store.create(recorded);
        store.update(OWNER_A, callId, r -> r.claimDial(clock.instant(), "dialer"));
        clock.advance(Duration.ofSeconds(61));

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "k-7"));

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(json(response).get("data").get("id").asText()).isEqualTo(callId);
        assertThat(json(response).get("data").get("dialed_at").asText()).isEqualTo("2026-03-01T12:00:00.000Z");
        assertThat(queued()).isEmpty();
        APIGatewayProxyResponseEvent replay = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "k-7"));
        assertThat(replay.getHeaders()).containsEntry("Idempotent-Replayed", "true");
    }

    @Test
    void takeoverAfterACrashBeforeQueuing_queuesTheCallOnce_underThePreassignedId() {
        String fingerprint = CreateCallRequest.parse(jsonBody(body("+12025550123")), NUMBERS).fingerprint();
        String callId = CallIds.next(clock.instant());
        Claim claim = idempotency.claim(OWNER_A, IdempotencyKey.fromHeader(List.of("k-8")).orElseThrow(),
                fingerprint, callId);
        assertThat(claim).isInstanceOf(Claim.Owned.class);
        clock.advance(Duration.ofSeconds(61));

        APIGatewayProxyResponseEvent response = ApiEvents.invoke(handler, event(OWNER_A, body("+12025550123"), "k-8"));

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(json(response).get("data").get("id").asText()).isEqualTo(callId);
        assertThat(queued()).singleElement().satisfies(m -> assertThat(dialMessage(m).callId()).isEqualTo(callId));
        assertThat(store.find(OWNER_A, callId).orElseThrow().waiting()).isTrue();
    }

    @Test
    void eachOutcome_isCountedInTheInvocationsMetrics_readBackAsCloudWatchReadsThem() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Log.redirect(new PrintStream(printed, true, StandardCharsets.UTF_8));
        CreateCallHandler small = handler(STORE.client(), QUEUES.client(), depth(STORE.client(), 2),
                RateLimitPolicy.none());
        try {
            assertThat(ApiEvents.invoke(small, event(OWNER_A, body("+12025550123"), "k-m")).getStatusCode())
                    .isEqualTo(201);
            assertThat(ApiEvents.invoke(small, event(OWNER_A, body("+12025550123"), "k-m")).getStatusCode())
                    .as("a replay").isEqualTo(201);
            assertThat(ApiEvents.invoke(small, event(OWNER_A, body("+12025550124"), "k-m")).getStatusCode())
                    .as("the key with another request").isEqualTo(409);
            assertThat(ApiEvents.invoke(small, event(OWNER_A, body("+12025550125"), null)).getStatusCode())
                    .isEqualTo(201);
            assertThat(ApiEvents.invoke(small, event(OWNER_A, body("+12025550126"), null)).getStatusCode())
                    .as("the owner's queue is full").isEqualTo(429);
        } finally {
            Log.redirect(System.out);
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        List<EmfRules.Datum> data = EmfRules.data(lines);
        assertThat(EmfRules.sum(data, "CallsAccepted", Map.of())).isEqualTo(2);
        assertThat(EmfRules.sum(data, "IdempotentReplays", Map.of())).isEqualTo(1);
        assertThat(EmfRules.sum(data, "IdempotencyConflicts", Map.of("Reason", "key_reused"))).isEqualTo(1);
        assertThat(EmfRules.sum(data, "QueueFull", Map.of())).isEqualTo(1);
        assertThat(data).noneMatch(d -> d.name().equals("CallsDialed") || d.name().equals("DialLatency"));
        assertThat(lines.stream().filter(EmfRules::isDocument).count()).as("one document per invocation")
                .isEqualTo(5);
    }

    private static SqsClient sqs(URI endpoint, Duration timeout) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(ElasticMq.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(timeout))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonBody(String json) {
        return (Map<String, Object>) Json.parse(json);
    }

    /** What a Lambda instance dying mid-invocation looks like from the inside: nothing after it runs. */
    static final class FunctionDied extends Error {
        private static final long serialVersionUID = 1L;

        FunctionDied() {
            super("the function instance died here");
        }
    }

    /** Kills the function as it is about to record a call (after the send). */
    static final class DieOnCallsPut implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutItemRequest put && "CallsTable".equals(put.tableName())) {
                throw new FunctionDied();
            }
        }
    }

    /** The store refuses to record the call (after the send): the SDK's own failure, as a timeout gives it. */
    static final class FailCallsPut implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutItemRequest put && "CallsTable".equals(put.tableName())) {
                throw SdkClientException.create("Unable to execute HTTP request: Read timed out");
            }
        }
    }
}
