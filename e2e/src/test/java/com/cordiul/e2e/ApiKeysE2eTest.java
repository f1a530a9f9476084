package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.keys.ApiKeyGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Issue 2 over HTTP through the whole local stack: creating, listing and revoking keys, and who gets in. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiKeysE2eTest {

    /** The reference's create-key body, byte for byte as its curl example sends it. */
    private static final String REFERENCE_CREATE_BODY = """
            {
              "name": "My API Key",
              "permissions": [
                "calls:read",
                "calls:write"
              ]
            }""";

    private static final String UNAUTHORIZED_MESSAGE =
            "Missing or invalid API key. Send it as Authorization: Bearer <key> or x-api-key: <key>.";

    private static SharedCloud cloud;
    private static ContractHttp api;

    @BeforeAll
    static void start() {
        cloud = SharedCloud.get();
        api = cloud.api();
    }

    @Test
    void referenceExamples_createAndListKeys_withXApiKey() {
        replayReferenceExamples(ContractHttp.Request::apiKey);
    }

    @Test
    void referenceExamples_createAndListKeys_withAuthorizationBearer() {
        replayReferenceExamples(ContractHttp.Request::bearer);
    }

    private void replayReferenceExamples(Authenticate authenticate) {
        String owner = SharedCloud.newOwner("keys");
        String admin = cloud.issueKey(owner, "calls:read", "calls:write", "api_keys:read", "api_keys:write");

        ContractResponse created = authenticate.with(api.request("POST", "/api/api-keys"), admin)
                .json(REFERENCE_CREATE_BODY).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode key = created.data();
        assertThat(key.path("id").asText()).startsWith("key_");
        assertThat(key.path("name").asText()).isEqualTo("My API Key");
        assertThat(key.path("key").asText()).startsWith("ck_live_").hasSize(57);
        assertThat(texts(key.path("permissions"))).containsExactlyInAnyOrder("calls:read", "calls:write");
        assertThat(key.path("key").asText()).startsWith(key.path("start").asText());
        assertThat(key.path("start").asText()).hasSize("ck_live_".length() + 4);
        assertThat(key.path("created_at").isTextual()).isTrue();

        ContractResponse listed = authenticate.with(api.request("GET", "/api/api-keys"), admin).send();
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        JsonNode keys = listed.data().path("keys");
        assertThat(keys).hasSize(2);
        JsonNode newest = keys.get(0);
        assertThat(newest.path("id").asText()).isEqualTo(key.path("id").asText());
        assertThat(newest.path("name").asText()).isEqualTo("My API Key");
        assertThat(newest.path("created_at").asText()).isEqualTo(key.path("created_at").asText());
        assertThat(newest.path("start").asText()).isEqualTo(key.path("start").asText());
        assertThat(newest.has("last_used_at")).isTrue();
        assertThat(listed.body()).doesNotContain(key.path("key").asText()).doesNotContain(admin);

        ContractResponse withNewKey = authenticate.with(api.request("GET", "/api/calls/list"),
                key.path("key").asText()).send();
        assertThat(withNewKey.status()).as(withNewKey.toString()).isEqualTo(200);
    }

    @Test
    void newKeyWithoutPermissions_getsCallsReadAndWrite() {
        String admin = cloud.issueKey(SharedCloud.newOwner("keys"), "api_keys:write", "calls:read", "calls:write");
        ContractResponse created = api.request("POST", "/api/api-keys").apiKey(admin)
                .json("{\"name\": \"Defaults\"}").send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(texts(created.data().path("permissions"))).containsExactlyInAnyOrder("calls:read", "calls:write");
    }

    @Test
    void revokedKey_isRefusedFromTheNextRequestOn() {
        String owner = SharedCloud.newOwner("keys");
        String admin = cloud.issueKey(owner, "api_keys:read", "api_keys:write", "calls:read");
        ContractResponse created = api.request("POST", "/api/api-keys").apiKey(admin)
                .json("{\"name\": \"Nightly report\", \"permissions\": [\"calls:read\"]}").send();
        String id = created.data().path("id").asText();
        String key = created.data().path("key").asText();
        assertThat(api.request("GET", "/api/calls/list").bearer(key).send().status()).isEqualTo(200);

        ContractResponse revoked = api.request("DELETE", "/api/api-keys/{id}").path(id).apiKey(admin).send();
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.data().path("id").asText()).isEqualTo(id);
        assertThat(revoked.data().has("key")).isFalse();

        assertUnauthorized(api.request("GET", "/api/calls/list").bearer(key).send());
        assertUnauthorized(api.request("GET", "/api/calls/list").apiKey(key).send());
        assertThat(api.request("DELETE", "/api/api-keys/{id}").path(id).apiKey(admin).send().status())
                .isEqualTo(404);
        List<String> listed = api.request("GET", "/api/api-keys").apiKey(admin).send().data().path("keys")
                .findValuesAsText("id");
        assertThat(listed).doesNotContain(id).hasSize(1);
    }

    @Test
    void revokingItself_refusesTheKeyFromTheNextRequestOn() {
        String admin = cloud.issueKey(SharedCloud.newOwner("keys"), "api_keys:read", "api_keys:write");
        String id = api.request("GET", "/api/api-keys").apiKey(admin).send().data().path("keys").get(0)
                .path("id").asText();
        assertThat(api.request("DELETE", "/api/api-keys/{id}").path(id).apiKey(admin).send().status())
                .isEqualTo(200);
        assertUnauthorized(api.request("GET", "/api/api-keys").apiKey(admin).send());
    }

    @Test
    void anotherOwnersKey_cannotBeRevoked_andIsReportedNotFound() {
        String mine = cloud.issueKey(SharedCloud.newOwner("keys"), "api_keys:read", "api_keys:write");
        String theirs = cloud.issueKey(SharedCloud.newOwner("keys"), "api_keys:read", "api_keys:write");
        String theirId = api.request("GET", "/api/api-keys").apiKey(theirs).send().data().path("keys").get(0)
                .path("id").asText();

        ContractResponse refused = api.request("DELETE", "/api/api-keys/{id}").path(theirId).apiKey(mine).send();
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.errorCode()).isEqualTo("not_found");
        assertThat(api.request("GET", "/api/api-keys").apiKey(theirs).send().status()).isEqualTo(200);
        assertThat(api.request("GET", "/api/api-keys").apiKey(mine).send().data().path("keys")
                .findValuesAsText("id")).doesNotContain(theirId);
        assertThat(api.request("DELETE", "/api/api-keys/{id}").path("key_unknown").apiKey(mine).send().status())
                .isEqualTo(404);
    }

    @Test
    void wrongMissingMalformedOrAmbiguousCredentials_getThe401Envelope_onEveryRoute() {
        String valid = cloud.issueKey(SharedCloud.newOwner("keys"), "calls:read", "calls:write", "api_keys:read",
                "api_keys:write");
        String unknown = new ApiKeyGenerator().generate();
        char last = valid.charAt(valid.length() - 1);
        String badChecksum = valid.substring(0, valid.length() - 1) + (last == 'A' ? 'B' : 'A');
        List<Function<ContractHttp.Request, ContractHttp.Request>> credentials = List.of(
                r -> r,
                r -> r.apiKey(unknown),
                r -> r.bearer(unknown),
                r -> r.apiKey(badChecksum),
                r -> r.bearer(badChecksum),
                r -> r.apiKey("ck_live_short"),
                r -> r.bearer(""),
                r -> r.header("Authorization", "Basic " + valid),
                r -> r.header("Authorization", valid),
                r -> r.bearer(valid).apiKey(unknown));
        List<ContractHttp.Request> routes = new ArrayList<>();
        for (Function<ContractHttp.Request, ContractHttp.Request> credential : credentials) {
            routes.add(credential.apply(api.request("GET", "/api/api-keys")));
            routes.add(credential.apply(api.request("POST", "/api/api-keys")).json("{\"name\": \"x\"}"));
            routes.add(credential.apply(api.request("DELETE", "/api/api-keys/{id}").path("key_x")));
            routes.add(credential.apply(api.request("POST", "/api/calls/create"))
                    .json("{\"contact_id\": \"c1\", \"phone_number\": \"+12025550100\"}"));
            routes.add(credential.apply(api.request("GET", "/api/calls/list")));
            routes.add(credential.apply(api.request("GET", "/api/calls/{id}").path("call_x")));
        }
        int dialsBefore = cloud.cloud().voice().attempts("+12025550100");
        for (ContractHttp.Request request : routes) {
            assertUnauthorized(request.send());
        }
        assertThat(cloud.cloud().voice().attempts("+12025550100")).isEqualTo(dialsBefore);
        assertThat(api.request("GET", "/api/api-keys").bearer(valid).apiKey(valid).send().status())
                .as("the same key in both headers is not ambiguous").isEqualTo(200);
        assertThat(api.request("GET", "/api/api-keys").header("Authorization", "bEaReR " + valid).send().status())
                .as("the scheme in any case").isEqualTo(200);
    }

    @Test
    void keyLackingThePermission_gets403_andChangesNothing() {
        String owner = SharedCloud.newOwner("keys");
        String reader = cloud.issueKey(owner, "calls:read");
        String admin = cloud.issueKey(owner, "api_keys:read", "api_keys:write");
        String adminId = api.request("GET", "/api/api-keys").apiKey(admin).send().data().path("keys")
                .findValuesAsText("id").get(0);

        List<ContractResponse> refused = List.of(
                api.request("POST", "/api/api-keys").apiKey(reader).json("{\"name\": \"x\"}").send(),
                api.request("GET", "/api/api-keys").apiKey(reader).send(),
                api.request("DELETE", "/api/api-keys/{id}").path(adminId).apiKey(reader).send(),
                api.request("POST", "/api/calls/create").apiKey(reader)
                        .json("{\"contact_id\": \"c1\", \"phone_number\": \"+12025550100\"}").send(),
                api.request("GET", "/api/calls/list").apiKey(admin).send(),
                api.request("GET", "/api/calls/{id}").path("call_x").apiKey(admin).send(),
                // A caller grants only what it holds.
                api.request("POST", "/api/api-keys").apiKey(admin)
                        .json("{\"name\": \"escalate\", \"permissions\": [\"calls:write\"]}").send());
        for (ContractResponse response : refused) {
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(response.errorCode()).isEqualTo("forbidden");
        }
        assertThat(api.request("GET", "/api/api-keys").apiKey(admin).send().data().path("keys")).hasSize(2);
    }

    @Test
    void badBody_is400NamingTheField_andStoresNothing() {
        String admin = cloud.issueKey(SharedCloud.newOwner("keys"), "api_keys:read", "api_keys:write",
                "calls:read", "calls:write");
        Map<String, String> fieldOfBody = Map.of(
                "{}", "name",
                "{\"name\": 42}", "name",
                "{\"name\": \"   \"}", "name",
                "{\"name\": \"" + "n".repeat(101) + "\"}", "name",
                "{\"name\": \"x\", \"permissions\": \"calls:read\"}", "permissions",
                "{\"name\": \"x\", \"permissions\": null}", "permissions",
                "{\"name\": \"x\", \"permissions\": [\"calls:delete\"]}", "permissions",
                "{\"name\": \"x\", \"permissions\": []}", "permissions",
                "{\"name\": \"x\", \"owner\": \"someone-else\"}", "owner");
        fieldOfBody.forEach((body, field) -> {
            ContractResponse response = api.request("POST", "/api/api-keys").apiKey(admin).json(body).send();
            assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
            assertThat(response.errorField()).as(body + " -> " + response).isEqualTo(field);
        });
        ContractResponse unknownPermission = api.request("POST", "/api/api-keys").apiKey(admin)
                .json("{\"name\": \"x\", \"permissions\": [\"calls:delete\"]}").send();
        assertThat(unknownPermission.error().path("message").asText())
                .contains("calls:read", "calls:write", "api_keys:read", "api_keys:write");
        ContractResponse notJson = api.request("POST", "/api/api-keys").apiKey(admin).json("{\"name\": ").send();
        assertThat(notJson.status()).as(notJson.toString()).isEqualTo(400);
        ContractResponse array = api.request("POST", "/api/api-keys").apiKey(admin).json("[]").send();
        assertThat(array.status()).as(array.toString()).isEqualTo(400);
        ContractResponse text = api.request("POST", "/api/api-keys").apiKey(admin)
                .header("Content-Type", "text/plain").json("name=x").send();
        assertThat(text.status()).as(text.toString()).isEqualTo(415);

        assertThat(api.request("GET", "/api/api-keys").apiKey(admin).send().data().path("keys")).hasSize(1);
    }

    @Test
    void lastUsedAt_isRecorded_whenTheKeyIsUsed() {
        String admin = cloud.issueKey(SharedCloud.newOwner("keys"), "api_keys:read", "api_keys:write");
        ContractResponse created = api.request("POST", "/api/api-keys").apiKey(admin)
                .json("{\"name\": \"used\", \"permissions\": [\"api_keys:read\"]}").send();
        String id = created.data().path("id").asText();
        assertThat(lastUsedAt(admin, id).isNull()).isTrue();

        api.request("GET", "/api/api-keys").bearer(created.data().path("key").asText()).send();

        assertThat(lastUsedAt(admin, id).isTextual()).isTrue();
    }

    /** Runs last: by then every test of this class (and of classes run before it) has handed out keys. */
    @Test
    @Order(Integer.MAX_VALUE)
    void noPlaintextKey_isStoredInAnyTable_orLogged() {
        String admin = cloud.issueKey(SharedCloud.newOwner("keys"), "api_keys:read", "api_keys:write");
        api.request("POST", "/api/api-keys").apiKey(admin).json("{\"name\": \"searched for\"}").send();
        List<String> keys = List.copyOf(cloud.keysHandedOut());
        assertThat(keys).hasSizeGreaterThan(10).allSatisfy(k -> assertThat(k).startsWith("ck_live_").hasSize(57));

        StringBuilder dump = new StringBuilder();
        List<String> tables = cloud.dynamoDb().listTables().tableNames();
        assertThat(tables).contains("ApiKeysTable", "CallsTable", "IdempotencyTable");
        int apiKeyItems = 0;
        for (String table : tables) {
            Map<String, AttributeValue> start = null;
            do {
                ScanResponse page = cloud.dynamoDb().scan(ScanRequest.builder().tableName(table)
                        .exclusiveStartKey(start).build());
                page.items().forEach(item -> dump.append(table).append(' ').append(item).append('\n'));
                apiKeyItems += table.equals("ApiKeysTable") ? page.count() : 0;
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        assertThat(apiKeyItems).isPositive();
        for (String key : keys) {
            String secret = key.substring("ck_live_".length());
            assertThat(dump.indexOf(secret)).as("a stored item holds the key starting " + key.substring(0, 12))
                    .isEqualTo(-1);
            assertThat(ProcessOutput.contains(secret)).as("the output holds the key starting " + key.substring(0, 12))
                    .isFalse();
        }
        assertThat(ProcessOutput.contains("\"function_name\":\"CreateApiKeyFunction\""))
                .as("the functions' logs were captured").isTrue();
    }

    private static JsonNode lastUsedAt(String admin, String id) {
        for (JsonNode key : api.request("GET", "/api/api-keys").apiKey(admin).send().data().path("keys")) {
            if (key.path("id").asText().equals(id)) {
                return key.path("last_used_at");
            }
        }
        throw new AssertionError("key " + id + " is not listed");
    }

    private static void assertUnauthorized(ContractResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("unauthorized");
        assertThat(response.error().path("message").asText()).isEqualTo(UNAUTHORIZED_MESSAGE);
        assertThat(response.json().path("success").asBoolean()).isFalse();
        assertThat(response.json().path("data").isNull()).isTrue();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** How a request carries its key. */
    @FunctionalInterface
    private interface Authenticate {
        ContractHttp.Request with(ContractHttp.Request request, String key);
    }
}
