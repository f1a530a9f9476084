package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's curl examples, read out of the README itself and run against the local stack: each must answer a
 * success (the status its comment promises, when it has one) that openapi.yaml documents, with every field the
 * comment shows. Placeholders stand for real values: {@code $API} the local API, {@code $KEY} a key holding every
 * permission, {@code $NEXT_CURSOR} a real cursor for the example's filters, and the example ids real ids.
 */
class ReadmeExamplesE2eTest {

    private static final Pattern FIELD = Pattern.compile("\"([a-z_]+)\"\\s*:");

    private static SharedCloud cloud;
    private static String readme;

    @BeforeAll
    static void start() throws IOException {
        cloud = SharedCloud.get();
        readme = Files.readString(RepositoryRoot.find().resolve("README.md"));
    }

    @Test
    void callsSection_everyCurlExampleWorks() {
        String key = cloud.issueKey(SharedCloud.newOwner("readme"), "calls:read", "calls:write", "api_keys:read",
                "api_keys:write");
        ContractHttp api = cloud.api();
        for (int i = 0; i < 2; i++) {
            // Two refused dials give the failed calls the paging example's cursor needs.
            api.request("POST", "/api/calls/create").apiKey(key)
                    .json("{\"contact_id\": \"contact_123\", \"phone_number\": \"+12025550110\"}").send();
        }
        // The dialer fails them in its own time: wait until both are failed, so that a first page of one has a next.
        String cursor = Deadline.await("two failed calls", () -> api.request("GET", "/api/calls/list").apiKey(key)
                .query("status", "failed").query("limit", 1).send().data().path("next_cursor").asText(""),
                next -> !next.isEmpty() && !"null".equals(next));
        Map<String, String> values = values(key);
        values.put("NEXT_CURSOR", cursor);

        // The cancel example cancels a call still waiting on the dial queue: one behind a call Chime keeps
        // throttling, since an owner's calls are dialed in order. The blocker is canceled at the end.
        String blocker = createdId(api, key, "+12025550112");
        String waiting = createdId(api, key, "+12025550100");
        List<ReadmeCurl> commands = ReadmeCurl.inSection(readme, "Calls", lookup(values)).stream()
                .map(c -> !c.url().endsWith("/cancel") ? c : new ReadmeCurl(c.line(), c.method(),
                        c.url().replace("call_01J9ZK3X7E8Q4M2N6P0R5T7V9W", waiting), c.headers(), c.body(),
                        c.documentedStatus(), c.documentedAnswer())).toList();
        Map<String, String> ids = new HashMap<>();
        Set<String> operations = runAll(commands, ids, "call_01J9ZK3X7E8Q4M2N6P0R5T7V9W", "call_");

        assertThat(operations).containsExactlyInAnyOrder("POST /api/calls/create", "GET /api/calls/list",
                "GET /api/calls/{id}", "GET /api/calls/{id}/events", "POST /api/calls/{id}/cancel");
        assertThat(api.request("GET", "/api/calls/{id}").path(waiting).apiKey(key).send().data().path("status")
                .asText()).isEqualTo("canceled");
        assertThat(api.request("POST", "/api/calls/{id}/cancel").path(blocker).apiKey(key).send().status())
                .isIn(200, 202);
    }

    private static String createdId(ContractHttp api, String key, String number) {
        ContractResponse created = api.request("POST", "/api/calls/create").apiKey(key)
                .json("{\"contact_id\": \"contact_123\", \"phone_number\": \"" + number + "\"}").send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.data().path("id").asText();
    }

    @Test
    void apiKeysSection_everyCurlExampleWorks() {
        String key = cloud.issueKey(SharedCloud.newOwner("readme"), "calls:read", "calls:write", "api_keys:read",
                "api_keys:write");
        Map<String, String> ids = new HashMap<>();
        Set<String> operations = runAll(ReadmeCurl.inSection(readme, "API keys and authentication",
                lookup(values(key))), ids, "key_01J...", "key_");

        assertThat(operations).containsExactlyInAnyOrder("POST /api/api-keys", "GET /api/api-keys",
                "DELETE /api/api-keys/{id}");
        assertThat(cloud.api().request("GET", "/api/api-keys").apiKey(key).send().data().path("keys")
                .findValuesAsText("id")).as("the revoke example revoked the key the create example made")
                .doesNotContain(ids.get("key_"));
    }

    @Test
    void webhooksSection_everyCurlExampleWorks() {
        String key = cloud.issueKey(SharedCloud.newOwner("readme"), "webhooks:read", "webhooks:write");
        try (com.cordiul.testing.WebhookReceiver receiver = com.cordiul.testing.WebhookReceiver.start()) {
            // The example's host is a stand-in: the stack would resolve it, and this machine has no network.
            List<ReadmeCurl> commands = ReadmeCurl.inSection(readme, "Webhooks", lookup(values(key))).stream()
                    .map(c -> new ReadmeCurl(c.line(), c.method(), c.url(), c.headers(), c.body() == null ? null
                            : c.body().replace("https://hooks.example.com/cordiul", receiver.url("/cordiul")),
                            c.documentedStatus(), c.documentedAnswer())).toList();
            Map<String, String> ids = new HashMap<>();

            Set<String> operations = runAll(commands, ids, "we_01J...", "we_");

            assertThat(operations).containsExactlyInAnyOrder("POST /api/webhook-endpoints",
                    "GET /api/webhook-endpoints", "POST /api/webhook-endpoints/{id}/rotate-secret",
                    "GET /api/webhook-endpoints/{id}/deliveries", "POST /api/webhook-endpoints/{id}/enable",
                    "DELETE /api/webhook-endpoints/{id}");
            assertThat(cloud.api().request("GET", "/api/webhook-endpoints").apiKey(key).send().data()
                    .path("endpoints")).as("the delete example deleted the endpoint the create example made")
                    .isEmpty();
        }
    }

    @Test
    void localDevelopmentSection_curlExampleWorks() {
        String key = cloud.issueKey(SharedCloud.newOwner("readme"), "calls:read", "calls:write", "api_keys:read",
                "api_keys:write");
        Map<String, String> values = values(key);
        values.put("cat .local/api-key", key);
        List<ReadmeCurl> commands = ReadmeCurl.inSection(readme, "Local development (./dev)", lookup(values))
                .stream().map(c -> new ReadmeCurl(c.line(), c.method(),
                        c.url().replace("http://127.0.0.1:3000", cloud.api().base().toString()), c.headers(), c.body(),
                        c.documentedStatus(), c.documentedAnswer())).toList();

        assertThat(runAll(commands, new HashMap<>(), "", "")).containsExactly("GET /api/api-keys");
    }

    /**
     * Runs the commands in order; the documented example id is replaced by the first id of that kind an earlier
     * command created. Returns the operations run.
     */
    private static Set<String> runAll(List<ReadmeCurl> commands, Map<String, String> ids, String exampleId,
                                      String idPrefix) {
        assertThat(commands).isNotEmpty();
        Set<String> operations = new TreeSet<>();
        for (ReadmeCurl command : commands) {
            String url = exampleId.isEmpty() || !ids.containsKey(idPrefix) ? command.url()
                    : command.url().replace(exampleId, ids.get(idPrefix));
            ContractResponse response = run(command, URI.create(url));
            operations.add(response.operation());
            assertThat(response.status()).as(command.line() + "\n-> " + response).isBetween(200, 299);
            if (command.documentedStatus() != 0) {
                assertThat(response.status()).as(command.line()).isEqualTo(command.documentedStatus());
            }
            Matcher fields = FIELD.matcher(command.documentedAnswer());
            while (fields.find()) {
                assertThat(response.json().findValue(fields.group(1))).as(command.line() + " answers "
                        + fields.group(1) + ": " + response).isNotNull();
            }
            String id = response.data().path("id").asText();
            if (!idPrefix.isEmpty() && id.startsWith(idPrefix)) {
                ids.putIfAbsent(idPrefix, id);
            }
        }
        return operations;
    }

    private static ContractResponse run(ReadmeCurl command, URI url) {
        assertThat(url.toString()).as(command.line()).startsWith(cloud.api().base().toString());
        String path = url.getRawPath();
        String template = template(command.method(), path);
        ContractHttp.Request request = cloud.api().request(command.method(), template);
        String[] actual = path.split("/");
        String[] parts = template.split("/");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith("{")) {
                request.path(actual[i]);
            }
        }
        if (url.getRawQuery() != null) {
            request.rawQuery(url.getRawQuery());
        }
        command.headers().forEach(request::header);
        if (command.body() != null) {
            request.json(command.body());
        }
        return request.send();
    }

    /** The documented operation a request goes to; literal paths win over {param} ones, as in API Gateway. */
    private static String template(String method, String path) {
        List<String> matches = new ArrayList<>();
        for (String operation : OpenApiContract.load().operations()) {
            String[] mp = operation.split(" ", 2);
            if (mp[0].equals(method) && path.matches(mp[1].replaceAll("\\{[^}]+}", "[^/]+"))) {
                matches.add(mp[1]);
            }
        }
        assertThat(matches).as(method + " " + path + " is a documented operation").isNotEmpty();
        return matches.stream().filter(t -> !t.contains("{")).findFirst().orElse(matches.get(0));
    }

    private static Map<String, String> values(String key) {
        Map<String, String> values = new HashMap<>();
        values.put("API", cloud.api().base().toString());
        values.put("KEY", key);
        return values;
    }

    private static java.util.function.UnaryOperator<String> lookup(Map<String, String> values) {
        return name -> {
            String value = values.get(name);
            if (value == null) {
                throw new AssertionError("The README uses $" + name + ", which this test does not provide");
            }
            return value;
        };
    }
}
