package com.cordiul.e2e.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.SortableId;
import com.cordiul.e2e.hardening.Http.Request;
import com.cordiul.e2e.hardening.Http.Response;
import com.cordiul.local.runner.LocalCloud;
import com.cordiul.local.runner.LocalStack;
import com.cordiul.testing.EmfRules;
import com.cordiul.testing.WebhookReceiver;
import com.cordiul.webhooks.delivery.CrashPoint;
import com.cordiul.webhooks.delivery.EventStore;
import com.cordiul.webhooks.delivery.WebhookEvent;
import com.cordiul.webhooks.delivery.WebhookEvents;
import com.cordiul.webhooks.delivery.WebhookQueue;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The logs of a full run on the shared stack (every route, every function, keys made through the API, sessions and
 * forged tokens, calls of every outcome played out, the sweeper, the SIP media application's provider), plus
 * whatever the other hardening suites ran on the stacks before it: every function writes structured JSON lines
 * carrying Lambda's request id, the cold start, the function's name and version (on the API routes also API
 * Gateway's request id and, once authenticated, the owner and key id), and metrics documents that follow the EMF
 * specification with no owner or id as a dimension; no line holds an API key, a session token, a pre-signed URL's
 * signature or a full phone number.
 */
class LogHygieneTest {

    private static final Set<String> API_FUNCTIONS = Set.of("CreateApiKeyFunction", "ListApiKeysFunction",
            "RevokeApiKeyFunction", "CreateCallFunction", "ListCallsFunction", "GetCallFunction",
            "ListCallEventsFunction", "CancelCallFunction", "CreateWebhookEndpointFunction",
            "ListWebhookEndpointsFunction", "DeleteWebhookEndpointFunction", "RotateWebhookSecretFunction",
            "EnableWebhookEndpointFunction", "ListWebhookDeliveriesFunction");

    private final HardeningStack stack = SharedCloud.get();

    /**
     * The provider function's Create, as CloudFormation sends it: its answer goes to a loopback stand-in for the
     * pre-signed ResponseURL, whose signature is a secret no log line may hold.
     */
    private void provisionTheSipMediaApplication() throws Exception {
        String signature = "X-Amz-Signature=" + "5e1f".repeat(16);
        LogCapture.secret(signature);
        List<String> answers = new CopyOnWriteArrayList<>();
        HttpServer responseUrl = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        responseUrl.createContext("/", exchange -> {
            answers.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        responseUrl.start();
        try {
            String event = HardeningStack.sampleEvent("sip-media-application-create.json").replaceFirst(
                    "\"ResponseURL\": \"[^\"]+\"", "\"ResponseURL\": \"http://127.0.0.1:"
                            + responseUrl.getAddress().getPort() + "/answer?" + signature + "\"");
            assertThat(stack.cloud().stack().invokeFunction("SipMediaApplicationFunction", event))
                    .contains("\"Status\":\"SUCCESS\"");
            assertThat(answers).singleElement().asString().contains("\"Status\":\"SUCCESS\"");
        } finally {
            responseUrl.stop(0);
        }
    }

    /** Registers a loopback endpoint with a session (API keys do not hold the webhooks permissions). */
    private String registerAnEndpoint(String session, WebhookReceiver receiver) throws Exception {
        Response created = stack.http().send(Request.post("/webhook-endpoints", "{\"url\":\""
                + receiver.url("/hygiene") + "\"}").header("Authorization", "Bearer " + session));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        LogCapture.secret(created.data().path("secret").asText());
        return created.data().path("id").asText();
    }

    /**
     * Every webhook route and function: an event published through the pipeline's entry point reaches the endpoint
     * (dispatcher, delivery), the reconciler runs, the secret is rotated (both secrets are secrets of the log).
     */
    private void useTheEndpoint(String owner, String session, String endpoint, WebhookReceiver receiver)
            throws Exception {
        LocalStack local = stack.cloud().stack();
        WebhookEvents publisher = new WebhookEvents(new EventStore(local.dynamoDb(),
                local.environment("WebhookDispatcherFunction").get("WEBHOOK_EVENTS_TABLE")),
                new WebhookQueue(local.sqs(), local.queueUrl("WebhookEventQueue")), Clock.systemUTC(),
                CrashPoint.none());
        JsonWritable data = out -> out.field("call", Map.of("id", "call_hygiene", "status", "completed"));
        publisher.publish(owner, new WebhookEvent(WebhookEvent.newId(SortableId.system()), "call.completed",
                Clock.systemUTC().instant(), 1, data));
        local.awaitQueueDrained("WebhookEventQueue", java.time.Duration.ofSeconds(60));
        local.awaitQueueDrained("WebhookDeliveryQueue", java.time.Duration.ofSeconds(60));
        assertThat(receiver.received()).as("the event delivered").isNotEmpty();
        local.invokeFunction("WebhookReconcilerFunction", HardeningStack.sampleEvent("webhook-reconciler.json"));
        String bearer = "Bearer " + session;
        String base = "/webhook-endpoints/" + endpoint;
        assertThat(stack.http().send(Request.get("/webhook-endpoints").header("Authorization", bearer)).status())
                .isEqualTo(200);
        Response rotated = stack.http().send(Request.post(base + "/rotate-secret", "").header("Authorization",
                bearer));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        LogCapture.secret(rotated.data().path("secret").asText());
        assertThat(stack.http().send(Request.post(base + "/enable", "").header("Authorization", bearer)).status())
                .isEqualTo(200);
        assertThat(stack.http().send(Request.get(base + "/deliveries").header("Authorization", bearer)).status())
                .isEqualTo(200);
        assertThat(stack.http().send(Request.delete(base).header("Authorization", bearer)).status()).isEqualTo(200);
        receiver.close();
    }

    @Test
    void aFullRun_logsStructuredLinesWithContext_andNoSecretOrPhoneNumber() throws Exception {
        String owner = "user_logs";
        String admin = stack.issueKey(owner).key();
        Response created = stack.http().post("/api-keys", admin, "{\"name\":\"made through the API\"}");
        assertThat(created.status()).isEqualTo(201);
        String apiMade = created.data().path("key").asText();
        LogCapture.secret(apiMade);
        stack.http().get("/api-keys", apiMade);
        String session = Sessions.valid(owner);
        WebhookReceiver receiver = WebhookReceiver.start();
        String endpoint = registerAnEndpoint(session, receiver);
        List<String> ids = new ArrayList<>();
        String throttled = null;
        for (String number : List.of("+12025550100", "+12025550101", "+12025550103", "+12025550104",
                "+12025550110", "+12025550112", "+12025550117", "+14155552671", "+442071838750")) {
            LogCapture.phone(number);
            Response r = stack.http().post("/calls/create", apiMade, "{\"contact_id\":\"logs\",\"phone_number\":\""
                    + number + "\",\"message\":\"Call " + number + " back\"}");
            if (r.status() < 300) {
                ids.add(r.data().path("id").asText());
                throttled = number.equals("+12025550112") ? r.data().path("id").asText() : throttled;
            }
        }
        LogCapture.phone("+12025550123");
        stack.http().post("/calls/create", apiMade,
                "{\"contact_id\":\"+12025550123\",\"phone_number\":\"+1202555012\"}");
        stack.http().post("/calls/create", apiMade, "{\"contact_id\":\"logs\",\"phone_number\":\"+12025550123\","
                + "\"from_number\":\"+12025550123\"}");
        stack.http().send(Request.get("/calls/list?contact_id=logs").header("Authorization", "Bearer " + session));
        stack.http().send(Request.get("/calls/list").header("Authorization", "Bearer "
                + Sessions.unsigned(Sessions.claims(owner).build())));
        stack.http().send(Request.get("/calls/list").key(admin.substring(0, admin.length() - 1) + "x"));
        for (String id : ids) {
            stack.http().get("/calls/" + id, admin);
            stack.http().get("/calls/" + id + "/events", admin);
        }
        // Chime throttles this number every time: it waits on the queue until canceled (202 when the cancel lands
        // while a dial attempt holds its claim: the attempt's release then cancels it).
        assertThat(stack.http().post("/calls/" + throttled + "/cancel", apiMade, "").status()).isIn(200, 202);
        stack.cloud().stack().awaitQueueDrained("DialQueue", java.time.Duration.ofSeconds(60));
        stack.awaitPlayoutsFinished();
        stack.cloud().stack().invokeFunction("StaleCallSweeperFunction",
                HardeningStack.sampleEvent("stale-call-sweeper.json"));
        provisionTheSipMediaApplication();
        useTheEndpoint(owner, session, endpoint, receiver);
        var revoked = stack.http().get("/api-keys", admin).data().path("keys");
        String madeId = null;
        for (JsonNode k : revoked) {
            if (k.path("name").asText().equals("made through the API")) {
                madeId = k.path("id").asText();
            }
        }
        assertThat(stack.http().delete("/api-keys/" + madeId, admin).status()).isEqualTo(200);
        assertThat(stack.http().get("/calls/list", apiMade).status()).isEqualTo(401);

        // Lines of the template's functions; the test's own bootstrap of keys logs as "local".
        List<JsonNode> lines = new ArrayList<>();
        List<String> documents = new ArrayList<>();
        for (String line : LogCapture.lines()) {
            if (line.startsWith("{") && line.contains("\"function_name\"")) {
                JsonNode node = Http.JSON.readTree(line);
                if (!stack.cloud().stack().functionIds().contains(node.path("function_name").asText())) {
                    continue;
                }
                if (node.has("_aws")) {
                    documents.add(line);
                } else {
                    lines.add(node);
                }
            }
        }
        Set<String> functions = new TreeSet<>();
        for (JsonNode line : lines) {
            String function = line.path("function_name").asText();
            functions.add(function);
            assertThat(line.path("timestamp").asText()).as(line.toString()).isNotBlank();
            assertThat(line.path("level").asText()).isIn("INFO", "WARN", "ERROR");
            assertThat(line.path("message").asText()).isNotBlank();
            // What joins the line to Lambda's START and REPORT records of its invocation.
            assertThat(line.path("function_request_id").asText()).as("Lambda request id: %s", line).isNotBlank();
            assertThat(line.path("cold_start").isBoolean()).as("cold_start: %s", line).isTrue();
            assertThat(line.path("function_version").asText()).as("version: %s", line).isNotBlank();
            if (API_FUNCTIONS.contains(function) || function.equals("AuthorizerFunction")) {
                assertThat(line.path("request_id").asText()).as("API Gateway request id: %s", line).isNotBlank();
            }
            if (API_FUNCTIONS.contains(function)) {
                assertThat(line.path("owner").asText()).as("owner: %s", line).isNotBlank();
            }
        }
        assertThat(functions).containsAll(stack.cloud().stack().functionIds());
        assertThat(lines.stream().filter(l -> l.path("function_name").asText().equals("CreateCallFunction")
                && l.path("owner").asText().equals(owner))).allSatisfy(l ->
                assertThat(l.path("key_id").asText()).as(l.toString()).startsWith("key_"));
        assertThat(lines).as("each instance's first invocation is a cold start, and only that one")
                .anySatisfy(l -> assertThat(l.path("cold_start").asBoolean()).isTrue())
                .anySatisfy(l -> assertThat(l.path("cold_start").asBoolean()).isFalse());

        // The metrics of the run, read back as CloudWatch reads them (a broken document fails here).
        List<EmfRules.Datum> data = EmfRules.data(documents);
        for (String metric : List.of("CallsAccepted", "CallsDialed", "CallsConfirmed", "CallsTerminal",
                "ChimeErrors", "DialLatency", "AuthorizerOutcomes", "SweeperRuns")) {
            assertThat(data).as(metric).anySatisfy(d -> assertThat(d.name()).isEqualTo(metric));
        }
        assertThat(EmfRules.sum(data, "AuthorizerOutcomes", Map.of("Outcome", "invalid_checksum"))).isPositive();
        assertThat(EmfRules.sum(data, "CallsTerminal", Map.of("Status", "busy"))).isPositive();
        assertThat(data).allSatisfy(d -> assertThat(d.dimensions().keySet()).isSubsetOf("Status", "ErrorClass",
                "Reason", "Limit", "Outcome"));

        List<String> all = LogCapture.lines();
        List<String> leaks = new ArrayList<>();
        for (String secret : LogCapture.secrets()) {
            String tail = secret.substring(secret.length() - 20);
            all.stream().filter(l -> l.contains(secret) || l.contains(tail))
                    .forEach(l -> leaks.add("secret ..." + tail + " in: " + l));
        }
        for (String number : LogCapture.phoneNumbers()) {
            String national = number.substring(number.length() - 10);
            all.stream().filter(l -> l.startsWith("{") && (l.contains(number) || l.contains(national)))
                    .forEach(l -> leaks.add(number + " in: " + l));
        }
        assertThat(leaks).isEmpty();
        assertThat(LogCapture.secrets()).hasSizeGreaterThan(3);
        assertThat(LogCapture.phoneNumbers()).hasSizeGreaterThan(5);
        assertThat(LocalCloud.CALL_STATUS_FUNCTION).isIn(functions);
    }
}
