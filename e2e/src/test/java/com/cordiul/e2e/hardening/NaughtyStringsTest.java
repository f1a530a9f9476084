package com.cordiul.e2e.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.cordiul.e2e.hardening.Http.Request;
import com.cordiul.e2e.hardening.Http.Response;
import com.cordiul.keys.ApiKeyHasher;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Big List of Naughty Strings ({@link NaughtyStrings}) in every free-text field, query parameter, path id and
 * credential header, each string one request over real HTTP: every answer is a 4xx envelope or an accepted value
 * that reads back byte for byte (in the answer itself and in a later listing), never a 5xx, and nothing but the
 * accepted values reaches the store. One dynamic test per field sends all its strings at once from as many clients
 * as the local gateway serves, reads every accepted value back in one listing, removes what was accepted straight
 * from the store (a test's own cleanup, as the operator bootstrap writes keys there), and then compares the store
 * with its state before the batch: a refusal that left anything behind, or an acceptance stored twice, shows up.
 * Requests authenticate with a Clerk session, which the authorizer verifies without the store, so that a request
 * costs what the field under test costs.
 */
class NaughtyStringsTest {

    private static final String OWNER = "user_naughty_strings";
    private static final String NO_EVENTS = "+12025550104";
    private static final int CLIENTS = 6;
    /** The read-back "field" of a metadata value sent under the key {@code v}. */
    private static final String VALUE = "metadata.v";
    /** The read-back "field" of a metadata key (its value is {@code v}). */
    private static final String KEY = "metadata key";

    private static HardeningStack stack;
    private static List<String> strings;
    private static ExecutorService clients;
    /** A session of the owner, minted per field (a token lives 10 minutes). */
    private static volatile String session;

    @BeforeAll
    static void setUp() {
        stack = SharedCloud.get();
        strings = NaughtyStrings.all();
        assertThat(strings).hasSizeGreaterThan(400);
        clients = Executors.newFixedThreadPool(CLIENTS);
        stack.awaitPlayoutsFinished();
    }

    @AfterAll
    static void tearDown() {
        clients.shutdownNow();
    }

    /** What an accepted answer must show for the string sent. */
    @FunctionalInterface
    private interface ReadBack {
        /** The problems, if any; {@code created} is told of what the answer created. */
        List<String> problems(String sent, Response accepted, Created created);
    }

    /** What accepted requests created (id to the string sent), read back and removed after the batch. */
    private record Created(Map<String, String> calls, Map<String, String> keys, Map<String, String> keyHashes,
                           AtomicInteger accepted) {
        static Created none() {
            return new Created(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                    new AtomicInteger());
        }
    }

    /** One field: how a string becomes a request, what acceptance must look like, and the field read back. */
    private record Target(String name, Function<String, Request> request, ReadBack readBack, String field) {

        Target(String name, Function<String, Request> request, ReadBack readBack) {
            this(name, request, readBack, null);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyNaughtyString_inEveryField_isRefusedWithA4xx_orReadsBackByteForByte() {
        List<Target> targets = new ArrayList<>();
        targets.add(new Target("POST /api-keys name", s -> asOwner(Request.post("/api-keys", json("name", s))),
                NaughtyStringsTest::keyNamed, "name"));
        targets.add(new Target("POST /calls/create message", s -> asOwner(Request.post("/calls/create",
                json("contact_id", "naughty", "phone_number", NO_EVENTS, "message", s))), callWith("message"),
                "message"));
        targets.add(new Target("POST /calls/create contact_id", s -> asOwner(Request.post("/calls/create",
                json("contact_id", s, "phone_number", NO_EVENTS))), callWith("contact_id"), "contact_id"));
        targets.add(new Target("POST /calls/create metadata value", s -> asOwner(Request.post("/calls/create",
                withMetadata("v", s))), callWith(VALUE), VALUE));
        targets.add(new Target("POST /calls/create metadata key", s -> asOwner(Request.post("/calls/create",
                withMetadata(s, "v"))), callWith(KEY), KEY));
        for (String parameter : List.of("contact_id", "status", "limit", "created_after", "created_before",
                "cursor")) {
            targets.add(new Target("GET /calls/list?" + parameter, s -> asOwner(Request.get("/calls/list?" + parameter
                    + "=" + encoded(s))), pageFiltered(parameter)));
        }
        targets.add(new Target("GET /calls/{id}", s -> asOwner(Request.get("/calls/" + encoded(s))),
                NaughtyStringsTest::neverAccepted));
        targets.add(new Target("DELETE /api-keys/{id}", s -> asOwner(Request.delete("/api-keys/" + encoded(s))),
                NaughtyStringsTest::neverAccepted));
        targets.add(new Target("x-api-key", s -> Request.get("/calls/list").header("x-api-key", headerValue(s)),
                NaughtyStringsTest::neverAccepted));
        targets.add(new Target("Authorization", s -> Request.get("/calls/list").header("Authorization",
                headerValue(s)), NaughtyStringsTest::neverAccepted));
        targets.add(new Target("Authorization: Bearer", s -> Request.get("/calls/list").header("Authorization",
                "Bearer " + headerValue(s)), NaughtyStringsTest::neverAccepted));
        return targets.stream().map(target -> dynamicTest(target.name() + " (" + strings.size() + " strings)",
                () -> run(target)));
    }

    private static void run(Target target) throws InterruptedException, ExecutionException {
        session = Sessions.valid(OWNER);
        StoreSnapshot before = comparable(stack.snapshot());
        Created created = Created.none();
        List<Future<List<String>>> answers = new ArrayList<>();
        for (String string : strings) {
            answers.add(clients.submit(() -> problems(target, string, created)));
        }
        List<String> problems = new ArrayList<>();
        for (Future<List<String>> answer : answers) {
            problems.addAll(answer.get());
        }
        problems.addAll(readBack(target, created));
        remove(created);
        System.out.printf("naughty strings, %s: %d of %d accepted%n", target.name(), created.accepted().get(),
                strings.size());
        assertThat(problems).as(target.name()).isEmpty();
        assertThat(comparable(stack.snapshot()).differencesFrom(before))
                .as("%s: the store once the %d accepted values are removed", target.name(),
                        created.calls().size() + created.keys().size()).isEmpty();
    }

    /** Every accepted value, listed once after the batch, is the string that was sent. */
    private static List<String> readBack(Target target, Created created) {
        List<String> problems = new ArrayList<>();
        Map<String, String> accepted = created.keys().isEmpty() ? created.calls() : created.keys();
        if (accepted.isEmpty()) {
            return problems;
        }
        String listing = created.keys().isEmpty() ? "/calls/list?limit=5000" : "/api-keys";
        Map<String, JsonNode> listed = new java.util.HashMap<>();
        asOwnerSent(Request.get(listing)).data().path(created.keys().isEmpty() ? "calls" : "keys")
                .forEach(item -> listed.put(item.path("id").asText(), item));
        accepted.forEach((id, sent) -> {
            JsonNode read = read(listed.getOrDefault(id, MissingNode.getInstance()), target.field(), sent);
            if (!sent.equals(read.asText(null))) {
                problems.add(shown(sent) + ": " + target.field() + " of " + id + " lists as " + read);
            }
        });
        return problems;
    }

    /** The accepted values, removed from the store as a test removes what it made. */
    private static void remove(Created created) {
        created.calls().keySet().forEach(id -> stack.dynamoDb().deleteItem(b -> b.tableName("CallsTable")
                .key(Map.of("owner", AttributeValue.fromS(OWNER), "id", AttributeValue.fromS(id)))));
        created.keyHashes().values().forEach(hash -> stack.dynamoDb().deleteItem(b -> b
                .tableName(HardeningStack.KEYS_TABLE).key(Map.of("key_hash", AttributeValue.fromS(hash)))));
    }

    private static List<String> problems(Target target, String sent, Created created) {
        Request request;
        try {
            request = target.request().apply(sent);
        } catch (NotAHeaderValue e) {
            // Control bytes cannot be put in a header line at all; such a request cannot be sent.
            return List.of();
        }
        Response response;
        try {
            response = stack.http().send(request);
        } catch (AssertionError | IllegalArgumentException unsent) {
            return List.of(shown(sent) + ": " + unsent.getMessage());
        }
        if (response.status() >= 400 && response.status() < 500) {
            return refusalProblems(response).stream().map(p -> shown(sent) + ": " + p).toList();
        }
        if (response.status() >= 200 && response.status() < 300) {
            created.accepted().incrementAndGet();
            return target.readBack().problems(sent, response, created).stream().map(p -> shown(sent) + ": " + p)
                    .toList();
        }
        return List.of(shown(sent) + ": answered " + response);
    }

    private static List<String> refusalProblems(Response response) {
        List<String> problems = new ArrayList<>();
        JsonNode body = response.json();
        if (!body.path("success").isBoolean() || body.path("success").asBoolean() || !body.path("data").isNull()
                || !body.path("error").path("code").asText().matches("[a-z_]+")) {
            problems.add("not a refusal envelope: " + response);
        }
        String message = body.path("error").path("message").asText();
        if (message.length() < 10 || Stream.of("Exception", "\tat ", "software.amazon", "com.fasterxml", "java.")
                .anyMatch(message::contains)) {
            problems.add("an unhelpful or leaking message: " + message);
        }
        if (!response.header("Content-Type").orElse("").startsWith("application/json")) {
            problems.add("not JSON: " + response.header("Content-Type"));
        }
        return problems;
    }

    private static List<String> keyNamed(String sent, Response accepted, Created created) {
        String id = accepted.data().path("id").asText();
        if (accepted.status() != 201 || !id.startsWith("key_") || !accepted.data().path("key").isTextual()) {
            return List.of("accepted as " + accepted);
        }
        created.keys().put(id, sent);
        created.keyHashes().put(id, ApiKeyHasher.hash(accepted.data().path("key").asText()));
        LogCapture.secret(accepted.data().path("key").asText());
        String name = accepted.data().path("name").asText(null);
        return sent.equals(name) ? List.of() : List.of("the name came back as " + accepted.data().path("name"));
    }

    private static ReadBack callWith(String field) {
        return (sent, accepted, created) -> {
            String id = accepted.data().path("id").asText();
            if (accepted.status() != 201 && accepted.status() != 202 || !id.startsWith("call_")) {
                return List.of("accepted as " + accepted);
            }
            created.calls().put(id, sent);
            JsonNode read = read(accepted.data(), field, sent);
            return sent.equals(read.asText(null)) ? List.of() : List.of(field + " came back as " + read);
        };
    }

    /**
     * A call's field as read back: a top-level field, the metadata value under {@code v}, or (for a metadata key)
     * the key itself when it holds {@code v}.
     */
    private static JsonNode read(JsonNode call, String field, String sent) {
        if (VALUE.equals(field)) {
            return call.path("metadata").path("v");
        }
        if (KEY.equals(field)) {
            JsonNode metadata = call.path("metadata");
            return metadata.size() == 1 && "v".equals(metadata.path(sent).asText(null))
                    ? com.fasterxml.jackson.databind.node.TextNode.valueOf(sent) : metadata;
        }
        return call.path(field);
    }

    /** A create-call body whose metadata holds one key and value. */
    private static String withMetadata(String key, String value) {
        try {
            return Http.JSON.writeValueAsString(Map.of("contact_id", "naughty", "phone_number", NO_EVENTS,
                    "metadata", Map.of(key, value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An accepted filter gives a page whose calls all match it. */
    private static ReadBack pageFiltered(String parameter) {
        return (sent, accepted, created) -> {
            JsonNode calls = accepted.data().path("calls");
            List<String> problems = new ArrayList<>();
            if (accepted.status() != 200 || !calls.isArray()) {
                problems.add("accepted as " + accepted);
            } else if (parameter.equals("limit") && !(sent.matches("[0-9]{1,4}")
                    && calls.size() <= Integer.parseInt(sent))) {
                problems.add("a limit accepted, " + calls.size() + " calls given");
            } else if (parameter.equals("contact_id") || parameter.equals("status")) {
                calls.forEach(call -> {
                    if (!sent.equals(call.path(parameter).asText())) {
                        problems.add("the page holds a call with " + parameter + " " + call.path(parameter));
                    }
                });
            }
            return problems;
        };
    }

    private static List<String> neverAccepted(String sent, Response accepted, Created created) {
        return List.of("accepted: " + accepted);
    }

    private static Request asOwner(Request request) {
        return request.header("Authorization", "Bearer " + session);
    }

    private static Response asOwnerSent(Request request) {
        return stack.http().send(asOwner(request));
    }

    /**
     * What must come back to what it was once the accepted values are removed: not the rate limits' counters, nor
     * the dial pipeline's (each owner's queue count and the pacer's slots, which count calls, never hold a value).
     */
    private static StoreSnapshot comparable(StoreSnapshot snapshot) {
        // An accepted call's webhook events stay (its history) when the test removes the call: the calls table
        // alone says whether a refused value left anything behind.
        return snapshot.without("RateLimitTable").without("DialControlTable").without("WebhookEventsTable")
                .presenceOnly(HardeningStack.KEYS_TABLE, "last_used_at");
    }

    /** A JSON object of the given names and values, non-ASCII characters written as they are (UTF-8). */
    private static String json(String... namesAndValues) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        try {
            return Http.JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The string's UTF-8 bytes as the header line carries them (HttpClient writes each char as one byte). */
    private static String headerValue(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (b >= 0 && b < 0x20 && b != '\t' || b == 0x7f) {
                throw new NotAHeaderValue();
            }
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A string that cannot be sent as a header value. */
    private static final class NotAHeaderValue extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAHeaderValue() {
            super(null, null, false, false);
        }
    }

    private static String shown(String value) {
        StringBuilder shown = new StringBuilder("'");
        value.codePoints().limit(60).forEach(c -> shown.append(c < 0x20 || c == 0x7f || Character.getType(c)
                == Character.FORMAT ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return shown.append(value.codePointCount(0, value.length()) > 60 ? "...'" : "'").toString();
    }
}
