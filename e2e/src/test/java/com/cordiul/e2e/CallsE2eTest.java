package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 3 over HTTP through the whole local stack: placing, listing and fetching calls, idempotency, Chime errors. */
class CallsE2eTest {

    private static final Set<String> TERMINAL = Set.of("completed", "busy", "no-answer", "failed", "canceled");

    private static SharedCloud cloud;
    private static ContractHttp api;
    private static ExecutorService clients;

    @BeforeAll
    static void start() {
        cloud = SharedCloud.get();
        api = cloud.api();
        clients = Executors.newFixedThreadPool(20);
    }

    @AfterAll
    static void stop() {
        clients.shutdownNow();
    }

    @Test
    void createCall_answers201AtOnce_notDialedYet_withTheReferencesShapePlusFromNumber_andTheDialerDialsItOnce() {
        String owner = SharedCloud.newOwner("calls");
        String key = cloud.issueKey(owner, "calls:read", "calls:write");
        String number = TestNumbers.next();

        ContractResponse created = create(key, "{\"contact_id\": \"contact_123\", \"phone_number\": \"" + number
                + "\"}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode call = created.data();
        assertThat(call.path("id").asText()).startsWith("call_");
        assertThat(call.path("status").asText()).isEqualTo("initiating");
        assertThat(call.path("dialed_at").isNull()).as("accepted, not dialed yet").isTrue();
        assertThat(call.path("contact_id").asText()).isEqualTo("contact_123");
        assertThat(call.path("phone_number").asText()).isEqualTo(number);
        assertThat(call.path("from_number").asText()).isEqualTo(SharedCloud.DEFAULT_FROM_NUMBER);
        assertThat(Instant.parse(call.path("created_at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(call.has("message")).isFalse();
        assertThat(call.has("status_detail")).isFalse();
        assertThat(created.header("Idempotent-Replayed")).isEmpty();

        var dial = cloud.awaitDial(call.path("id").asText());
        assertThat(cloud.cloud().voice().attempts(number)).isEqualTo(1);
        assertThat(dial.toPhoneNumber()).isEqualTo(number);
        assertThat(dial.fromPhoneNumber()).isEqualTo(SharedCloud.DEFAULT_FROM_NUMBER);
        assertThat(dial.arguments()).containsEntry("owner", owner);

        ContractResponse fetched = api.request("GET", "/api/calls/{id}").path(call.path("id").asText())
                .apiKey(key).send();
        assertThat(fetched.status()).isEqualTo(200);
        for (String field : List.of("id", "contact_id", "phone_number", "from_number", "created_at")) {
            assertThat(fetched.data().path(field)).as(field).isEqualTo(call.path(field));
        }
        assertThat(Instant.parse(fetched.data().path("dialed_at").asText()))
                .isAfterOrEqualTo(Instant.parse(call.path("created_at").asText()));
    }

    @Test
    void createCall_withMessageAndFromNumber_keepsThem() {
        String key = cloud.issueKey(SharedCloud.newOwner("calls"), "calls:read", "calls:write");
        String number = TestNumbers.next();
        ContractResponse created = create(key, "{\"contact_id\": \"c-1\", \"phone_number\": \"" + number
                + "\", \"from_number\": \"+12025550199\", \"message\": \"Your order is ready.\\nBye.\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.data().path("message").asText()).isEqualTo("Your order is ready.\nBye.");
        assertThat(created.data().path("from_number").asText()).isEqualTo("+12025550199");
    }

    @Test
    void referenceExampleNumbers_are400NamingTheField_andNothingIsRecordedOrDialed() {
        String key = cloud.issueKey(SharedCloud.newOwner("calls"), "calls:read", "calls:write");
        int dialsBefore = cloud.cloud().voice().dials();

        ContractResponse reference = create(key, """
                {
                  "contact_id": "contact_123",
                  "phone_number": "+1234567890",
                  "from_number": "+0987654321"
                }""");
        assertBadRequest(reference, "phone_number");
        assertThat(reference.error().path("message").asText()).contains("too short for country code +1")
                .as("openapi.yaml's 400 example is this very answer").isEqualTo(OpenApiContract.load().root()
                        .at("/components/responses/BadRequest/content/application~1json/examples/invalid_request"
                                + "/value/error/message").asText());
        assertBadRequest(create(key, "{\"contact_id\": \"contact_123\", \"phone_number\": \"+12025550123\", "
                + "\"from_number\": \"+0987654321\"}"), "from_number");

        Map<String, String> fieldOfBody = new LinkedHashMap<>();
        fieldOfBody.put("{\"phone_number\": \"+12025550123\"}", "contact_id");
        fieldOfBody.put("{\"contact_id\": \"a#b\", \"phone_number\": \"+12025550123\"}", "contact_id");
        fieldOfBody.put("{\"contact_id\": \"c\"}", "phone_number");
        fieldOfBody.put("{\"contact_id\": \"c\", \"phone_number\": null}", "phone_number");
        fieldOfBody.put("{\"contact_id\": \"c\", \"phone_number\": 12025550123}", "phone_number");
        fieldOfBody.put("{\"contact_id\": \"c\", \"phone_number\": \"12025550123\"}", "phone_number");
        fieldOfBody.put("{\"contact_id\": \"c\", \"phone_number\": \"+12025550199\"}", "phone_number");
        fieldOfBody.put("{\"contact_id\": \"c\", \"phone_number\": \"+12025550123\", \"message\": \""
                + "m".repeat(1001) + "\"}", "message");
        fieldOfBody.put("{\"contact_id\": \"c\", \"phone_number\": \"+12025550123\", \"status\": \"completed\"}",
                "status");
        fieldOfBody.forEach((body, field) -> assertBadRequest(create(key, body), field));
        ContractResponse tooLarge = create(key, "{\"contact_id\": \"c\", \"phone_number\": \"+12025550123\", "
                + "\"message\": \"" + "m".repeat(20_000) + "\"}");
        assertThat(tooLarge.status()).as(tooLarge.toString()).isEqualTo(413);
        assertThat(tooLarge.errorCode()).isEqualTo("payload_too_large");

        assertThat(cloud.cloud().voice().attempts("+1234567890")).isZero();
        assertThat(cloud.cloud().voice().dials()).isEqualTo(dialsBefore);
        assertThat(list(key, "").data().path("calls")).isEmpty();
    }

    @Test
    void listCalls_filtersByStatusContactAndDates_newestFirst_andPagesThroughCursors() {
        String owner = SharedCloud.newOwner("calls");
        String key = cloud.issueKey(owner, "calls:read", "calls:write");
        String number = TestNumbers.next();
        for (String contact : List.of("alice", "bob", "alice", "alice", "bob", "alice")) {
            assertThat(create(key, callTo(contact, number)).status()).isEqualTo(201);
        }
        for (int i = 0; i < 2; i++) {
            // Chime refuses these when the dialer places them: accepted now, failed with a reason later.
            assertThat(create(key, callTo("bob", "+12025550110")).status()).isEqualTo(201);
        }

        List<JsonNode> all = Deadline.await("every call of " + owner + " to end",
                () -> items(list(key, "limit=50")), calls -> calls.stream().allMatch(c ->
                        TERMINAL.contains(c.path("status").asText())));
        assertThat(all).hasSize(8);
        List<String> ids = ids(all);
        assertThat(ids).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(all).extracting(c -> c.path("created_at").asText())
                .isSortedAccordingTo((a, b) -> b.compareTo(a));
        ContractResponse whole = list(key, "");
        assertThat(whole.data().path("total").asInt()).isEqualTo(8);
        assertThat(whole.data().path("has_more").asBoolean()).isFalse();
        assertThat(whole.data().path("next_cursor").isNull()).isTrue();

        assertThat(ids(items(list(key, "status=completed")))).isEqualTo(idsWhere(all, c ->
                c.path("status").asText().equals("completed"))).hasSize(6);
        assertThat(ids(items(list(key, "status=failed")))).isEqualTo(idsWhere(all, c ->
                c.path("status").asText().equals("failed"))).hasSize(2);
        assertThat(items(list(key, "status=in-progress"))).isEmpty();
        assertThat(ids(items(list(key, "contact_id=alice")))).isEqualTo(idsWhere(all, c ->
                c.path("contact_id").asText().equals("alice"))).hasSize(4);
        assertThat(ids(items(list(key, "contact_id=bob&status=failed")))).isEqualTo(idsWhere(all, c ->
                c.path("contact_id").asText().equals("bob") && c.path("status").asText().equals("failed")))
                .hasSize(2);

        String after = all.get(5).path("created_at").asText();
        String before = all.get(1).path("created_at").asText();
        // created_after is inclusive, created_before exclusive.
        Predicate<JsonNode> inRange = c -> c.path("created_at").asText().compareTo(after) >= 0
                && c.path("created_at").asText().compareTo(before) < 0;
        assertThat(ids(items(api.request("GET", "/api/calls/list").apiKey(key).query("created_after", after)
                .query("created_before", before).send())))
                .isEqualTo(idsWhere(all, inRange))
                .contains(all.get(5).path("id").asText())
                .doesNotContain(all.get(1).path("id").asText());
        Predicate<JsonNode> completedSince = c -> c.path("created_at").asText().compareTo(after) >= 0
                && c.path("status").asText().equals("completed");
        assertThat(ids(items(api.request("GET", "/api/calls/list").apiKey(key).query("created_after", after)
                .query("status", "completed").send()))).isEqualTo(idsWhere(all, completedSince));

        assertThat(items(list(key, "limit=3"))).hasSize(3);
        assertThat(pageThrough(key, "limit=3")).isEqualTo(ids);
        assertThat(pageThrough(key, "limit=1&contact_id=alice")).isEqualTo(idsWhere(all, c ->
                c.path("contact_id").asText().equals("alice")));
        assertThat(pageThrough(key, "limit=2&status=completed")).isEqualTo(idsWhere(all, c ->
                c.path("status").asText().equals("completed")));
    }

    @Test
    void listCalls_refusesBadParametersAndForeignOrAlteredCursors_naming400Field() {
        String key = cloud.issueKey(SharedCloud.newOwner("calls"), "calls:read", "calls:write");
        String other = cloud.issueKey(SharedCloud.newOwner("calls"), "calls:read", "calls:write");
        String number = TestNumbers.next();
        for (int i = 0; i < 3; i++) {
            create(key, callTo("carol", number));
        }
        String cursor = list(key, "limit=1").data().path("next_cursor").asText();
        assertThat(cursor).isNotBlank();
        assertThat(list(key, "limit=1&cursor=" + cursor).status()).isEqualTo(200);

        Map<String, String> fieldOfQuery = new LinkedHashMap<>();
        fieldOfQuery.put("limit=0", "limit");
        fieldOfQuery.put("limit=5001", "limit");
        fieldOfQuery.put("limit=ten", "limit");
        fieldOfQuery.put("status=exploded", "status");
        fieldOfQuery.put("contact_id=a%23b", "contact_id");
        fieldOfQuery.put("created_after=yesterday", "created_after");
        fieldOfQuery.put("created_before=2026-13-01T00:00:00Z", "created_before");
        fieldOfQuery.put("created_after=2026-02-01T00:00:00Z&created_before=2026-01-01T00:00:00Z", "created_after");
        fieldOfQuery.put("page=2", "page");
        fieldOfQuery.put("cursor=", "cursor");
        fieldOfQuery.put("limit=1&cursor=not-a-cursor", "cursor");
        fieldOfQuery.put("limit=1&status=completed&cursor=" + cursor, "cursor");
        fieldOfQuery.put("limit=1&cursor=" + alter(cursor), "cursor");
        fieldOfQuery.forEach((query, field) -> assertBadRequest(list(key, query), field));
        assertBadRequest(list(other, "limit=1&cursor=" + cursor), "cursor");
    }

    @Test
    void listCalls_contactIdFilter_refusesExactlyWhatTheContractRefuses() {
        String key = cloud.issueKey(SharedCloud.newOwner("calls"), "calls:read");
        OpenApiContract contract = OpenApiContract.load();
        // No value ends in a newline: the validator's java.util.regex lets '$' match before one, which ECMA-262
        // (JSON Schema's dialect) does not; the server refuses it (HostileInputTest).
        for (String value : List.of("contact_123", "a.b:c-d_E9", "x".repeat(128), "", "a b", "a#b", "\u00e7",
                "x".repeat(129), "a/b", "c-1 ", " c-1", "\u202ec-1", "c\u0000")) {
            boolean documented = contract.checkParameter("GET", "/api/calls/list", "contact_id",
                    TextNode.valueOf(value)).isEmpty();
            ContractResponse listed = list(key, "contact_id=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            assertThat(listed.status()).as("contact_id '%s' (the contract %s it): %s", value,
                    documented ? "accepts" : "refuses", listed).isEqualTo(documented ? 200 : 400);
        }
        assertThat(contract.root().at("/components/schemas/CreateCallRequest/properties/contact_id"))
                .as("the filter takes the ids that calls are created with").isEqualTo(contract.root().at(
                        "/paths/~1api~1calls~1list/get/parameters/2/schema"));
    }

    @Test
    void getCall_fetchesOwnCall_and404sForUnknownIdsAndAnotherOwnersCall() {
        String mine = cloud.issueKey(SharedCloud.newOwner("calls"), "calls:read", "calls:write");
        String theirs = cloud.issueKey(SharedCloud.newOwner("calls"), "calls:read", "calls:write");
        String id = create(mine, callTo("dave", TestNumbers.next())).data().path("id").asText();

        ContractResponse fetched = api.request("GET", "/api/calls/{id}").path(id).apiKey(mine).send();
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.data().path("id").asText()).isEqualTo(id);

        ContractResponse foreign = api.request("GET", "/api/calls/{id}").path(id).apiKey(theirs).send();
        ContractResponse unknown = api.request("GET", "/api/calls/{id}").path("call_01J9ZK3X7E8Q4M2N6P0R5T7V9W")
                .apiKey(mine).send();
        ContractResponse nonsense = api.request("GET", "/api/calls/{id}").path("nonsense").apiKey(mine).send();
        for (ContractResponse response : List.of(foreign, unknown, nonsense)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.errorCode()).isEqualTo("not_found");
            assertThat(response.error().path("message").asText())
                    .isEqualTo(unknown.error().path("message").asText());
        }
        assertThat(items(list(theirs, ""))).isEmpty();
    }

    @Test
    void idempotencyKey_replaysTheFirstAnswer_dialsOnce_andRefusesAnotherBody() {
        String owner = SharedCloud.newOwner("calls");
        String key = cloud.issueKey(owner, "calls:read", "calls:write");
        String number = TestNumbers.next();
        String body = callTo("erin", number);

        ContractResponse first = create(key, body, "order-8812-reminder");
        ContractResponse again = create(key, body, "order-8812-reminder");

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isEmpty();
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).hasValue("true");
        assertThat(again.data()).isEqualTo(first.data());
        cloud.awaitDial(first.data().path("id").asText());
        assertThat(cloud.cloud().voice().attempts(number)).isEqualTo(1);

        ContractResponse reused = create(key, callTo("erin", TestNumbers.next()), "order-8812-reminder");
        assertThat(reused.status()).as(reused.toString()).isEqualTo(409);
        assertThat(reused.errorCode()).isEqualTo("idempotency_key_reused");

        String otherOwnersKey = cloud.issueKey(SharedCloud.newOwner("calls"), "calls:read", "calls:write");
        ContractResponse otherOwner = create(otherOwnersKey, body, "order-8812-reminder");
        assertThat(otherOwner.status()).as("keys are scoped to the account").isEqualTo(201);
        assertThat(otherOwner.header("Idempotent-Replayed")).isEmpty();
        cloud.awaitDial(otherOwner.data().path("id").asText());
        assertThat(cloud.cloud().voice().attempts(number)).isEqualTo(2);
        assertThat(items(list(key, ""))).hasSize(1);
    }

    @Test
    void twentyConcurrentIdenticalRequests_withOneIdempotencyKey_dialExactlyOnce() throws Exception {
        String key = cloud.issueKey(SharedCloud.newOwner("calls"), "calls:read", "calls:write");
        String number = TestNumbers.next();
        String body = callTo("frank", number);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ContractResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(clients.submit(() -> {
                go.await();
                return create(key, body, "concurrent-20");
            }));
        }
        go.countDown();
        List<ContractResponse> responses = new ArrayList<>();
        for (Future<ContractResponse> future : futures) {
            responses.add(future.get());
        }

        Set<String> callIds = new HashSet<>();
        for (ContractResponse response : responses) {
            assertThat(response.status()).as(response.toString()).isIn(201, 409);
            if (response.status() == 201) {
                callIds.add(response.data().path("id").asText());
            } else {
                assertThat(response.errorCode()).isEqualTo("request_in_progress");
                assertThat(response.header("Retry-After")).isPresent();
            }
        }
        assertThat(responses).filteredOn(r -> r.status() == 201).isNotEmpty();
        assertThat(responses).filteredOn(r -> r.status() == 201 && r.header("Idempotent-Replayed").isEmpty())
                .hasSize(1);
        ContractResponse replay = create(key, body, "concurrent-20");
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).hasValue("true");
        callIds.add(replay.data().path("id").asText());
        assertThat(callIds).hasSize(1);
        cloud.awaitDial(callIds.iterator().next());
        assertThat(cloud.cloud().voice().attempts(number)).isEqualTo(1);
        assertThat(ids(items(list(key, "")))).containsExactlyElementsOf(callIds);
    }

    /**
     * Chime's answers to the dial, now given to the dialer, not to the client: every create is a 201, and each call
     * ends as its answer means. A refusal fails the call with its reason; throttling and the concurrent-call limit
     * (Chime's own, beyond the dialer's pacing) put it back on the queue, never failed, until it is placed or, here,
     * canceled; an answer that may hide a placed call leaves it claimed, never dialed again. Each number has an owner
     * of its own: one owner's calls are dialed in order, so a call that waits would hold back the numbers after it.
     */
    @Test
    void dialTimeMagicNumbers_areAccepted_thenEndAsChimesAnswerMeans_andNeverDialTwice() {
        List<Magic> magic = List.of(
                new Magic("+12025550110", "failed", true, 1),
                new Magic("+12025550111", "waits", false, 2),
                new Magic("+12025550112", "waits", false, 2),
                new Magic("+12025550113", "completed", true, 2),
                new Magic("+12025550114", "completed", true, 1),
                new Magic("+12025550115", "initiating", true, 1),
                new Magic("+12025550116", "completed", true, 1),
                new Magic("+12025550117", "failed", true, 1),
                new Magic("+12025550118", "failed", true, 1),
                new Magic("+12025550119", "failed", true, 1));
        Map<String, Integer> attemptsBefore = new LinkedHashMap<>();
        magic.forEach(m -> attemptsBefore.put(m.number(), cloud.cloud().voice().attempts(m.number())));
        Map<Magic, String> ids = new LinkedHashMap<>();
        Map<Magic, String> keys = new LinkedHashMap<>();
        for (Magic m : magic) {
            keys.put(m, cloud.issueKey(SharedCloud.newOwner("calls"), "calls:read", "calls:write"));
        }
        for (Magic m : magic) {
            String key = keys.get(m);
            ContractResponse created = create(key, callTo("magic" + m.number().substring(9), m.number()));
            assertThat(created.status()).as(m.number() + ": " + created).isEqualTo(201);
            ids.put(m, created.data().path("id").asText());
        }

        for (Magic m : magic) {
            String id = ids.get(m);
            String key = keys.get(m);
            JsonNode call = Deadline.await(m.number() + " to end as " + m.outcome(), () -> get(key, id),
                    c -> cloud.cloud().voice().attempts(m.number()) - attemptsBefore.get(m.number()) >= m.attempts()
                            && (m.outcome().equals("waits") || m.outcome().equals("initiating")
                            || c.path("status").asText().equals(m.outcome())));
            if (!m.outcome().equals("waits")) {
                // A waiting call's claim comes and goes with each refused attempt: only a settled one is checked.
                assertThat(call.path("dialed_at").isNull()).as(m.number() + " claimed for its dial").isNotEqualTo(
                        m.claimed());
            }
            if (m.outcome().equals("failed")) {
                assertThat(call.path("reason").asText()).as(m.number()).contains("telephony provider refused");
                assertThat(call.path("duration").asInt()).isZero();
            }
            if (!m.outcome().equals("waits")) {
                // Placed, or maybe placed: never dialed again (the throttled-then-accepted number needs two).
                assertThat(cloud.cloud().voice().attempts(m.number()) - attemptsBefore.get(m.number()))
                        .as("attempts at " + m.number()).isEqualTo(m.attempts());
            }
        }
        for (Magic m : magic) {
            if (m.outcome().equals("waits")) {
                // Still waiting, never failed: a cancel stops it for good, and it is never placed.
                String id = ids.get(m);
                String key = keys.get(m);
                assertThat(get(key, id).path("status").asText()).isEqualTo("initiating");
                ContractResponse canceled = api.request("POST", "/api/calls/{id}/cancel").path(id).apiKey(key)
                        .send();
                // 202 when the cancel lands while a dial attempt holds the claim: its release then cancels it.
                assertThat(canceled.status()).as(canceled.toString()).isIn(200, 202);
                Deadline.await(id + " canceled", () -> get(key, id), c -> c.path("status").asText()
                        .equals("canceled"));
                assertThat(cloud.dialOf(id)).as(m.number() + " never placed").isEmpty();
            }
        }
    }

    @Test
    void idempotencyKey_ofACallChimeRefuses_replaysItsAcceptance_andTheCallIsDialedOnceAndFailed() {
        String key = cloud.issueKey(SharedCloud.newOwner("calls"), "calls:read", "calls:write");
        int rejectedBefore = cloud.cloud().voice().attempts("+12025550110");
        ContractResponse first = create(key, callTo("gina", "+12025550110"), "rejected-once");
        ContractResponse again = create(key, callTo("gina", "+12025550110"), "rejected-once");

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).hasValue("true");
        String id = first.data().path("id").asText();
        JsonNode failed = Deadline.await("the refused call to fail", () -> get(key, id),
                c -> c.path("status").asText().equals("failed"));
        assertThat(failed.path("reason").asText()).contains("phone_number");
        assertThat(create(key, callTo("gina", "+12025550110"), "rejected-once").data().path("id").asText())
                .isEqualTo(id);
        assertThat(cloud.cloud().voice().attempts("+12025550110") - rejectedBefore).isEqualTo(1);
    }

    private static JsonNode get(String key, String id) {
        ContractResponse fetched = api.request("GET", "/api/calls/{id}").path(id).apiKey(key).send();
        assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
        return fetched.data();
    }

    private static ContractResponse create(String key, String body) {
        return api.request("POST", "/api/calls/create").apiKey(key).json(body).send();
    }

    private static ContractResponse create(String key, String body, String idempotencyKey) {
        return api.request("POST", "/api/calls/create").apiKey(key).header("Idempotency-Key", idempotencyKey)
                .json(body).send();
    }

    private static ContractResponse list(String key, String rawQuery) {
        ContractResponse response = api.request("GET", "/api/calls/list").apiKey(key).rawQuery(rawQuery).send();
        if (response.status() == 200) {
            assertThat(response.data().path("total").asInt()).isEqualTo(response.data().path("calls").size());
        }
        return response;
    }

    /** Every id the listing gives, page after page, following next_cursor with the same filters. */
    private static List<String> pageThrough(String key, String query) {
        int limit = Integer.parseInt(query.replaceAll(".*limit=(\\d+).*", "$1"));
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            ContractResponse page = list(key, query + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.data().path("calls").size()).isLessThanOrEqualTo(limit);
            ids.addAll(ids(items(page)));
            boolean more = page.data().path("has_more").asBoolean();
            assertThat(page.data().path("next_cursor").isNull()).isEqualTo(!more);
            cursor = more ? page.data().path("next_cursor").asText() : null;
        } while (cursor != null && ids.size() < 100);
        return ids;
    }

    private static List<JsonNode> items(ContractResponse page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        List<JsonNode> calls = new ArrayList<>();
        page.data().path("calls").forEach(calls::add);
        return calls;
    }

    private static List<String> ids(List<JsonNode> calls) {
        return calls.stream().map(c -> c.path("id").asText()).toList();
    }

    private static List<String> idsWhere(List<JsonNode> calls, Predicate<JsonNode> filter) {
        return ids(calls.stream().filter(filter).toList());
    }

    private static String callTo(String contact, String number) {
        return "{\"contact_id\": \"" + contact + "\", \"phone_number\": \"" + number + "\"}";
    }

    /** The cursor with one character in its middle changed, still URL-safe. */
    private static String alter(String cursor) {
        int i = cursor.length() / 2;
        char c = cursor.charAt(i);
        return cursor.substring(0, i) + (c == 'A' ? 'B' : 'A') + cursor.substring(i + 1);
    }

    private static void assertBadRequest(ContractResponse response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorField()).as(response.toString()).isEqualTo(field);
        assertThat(response.error().path("message").asText()).isNotBlank();
    }

    /**
     * What a dial-time magic number must give.
     *
     * @param number the destination
     * @param outcome the call's final status, {@code initiating} for a call left claimed (maybe placed), or
     *                {@code waits} for one put back on the queue again and again
     * @param claimed whether its dial stays claimed ({@code dialed_at} set)
     * @param attempts the CreateSipMediaApplicationCall requests it causes (at least, for one that waits)
     */
    private record Magic(String number, String outcome, boolean claimed, int attempts) {
    }
}
