package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production template served from the real artifacts (function jars and layer zip, as the build leaves them),
 * exercised over HTTP through the real authorizer.
 */
class ProductionTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static LocalStack stack;
    private static String key;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(LocalOptions.defaults(RepositoryRoot.find().resolve("template.yaml"))
                .withWorkDir(dir.resolve("work")));
        key = Main.firstKey(stack, dir.resolve("api-key"), true, new LayerFirstKey()).split(" ")[0];
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void unknownRoute_isTheTemplates404Envelope() throws Exception {
        HttpResponse<String> response = send("GET", "/api/calls/list/extra", key, null);
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").path("code").asText()).isEqualTo("not_found");
        assertThat(response.headers().firstValue("X-Request-Id"))
                .hasValue(body.path("error").path("request_id").asText());
    }

    @Test
    void wrongMethod_isTheTemplates404Envelope() throws Exception {
        HttpResponse<String> response = send("PUT", "/api/api-keys", key, "{}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void requestWithoutKey_isRefusedByTheRealAuthorizer() throws Exception {
        HttpResponse<String> response = send("GET", "/api/api-keys", null, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("unauthorized");
    }

    @Test
    void firstKey_listsKeys_createsOne_andARevokedKeyIsRefused() throws Exception {
        HttpResponse<String> created = send("POST", "/api/api-keys", key,
                "{\"name\":\"from the runner test\",\"permissions\":[\"calls:read\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode data = JSON.readTree(created.body()).path("data");
        String id = data.path("id").asText();
        String second = data.path("key").asText();

        HttpResponse<String> listed = send("GET", "/api/api-keys", key, null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        List<String> ids = JSON.readTree(listed.body()).path("data").path("keys").findValuesAsText("id");
        assertThat(ids).contains(id);

        HttpResponse<String> revoked = send("DELETE", "/api/api-keys/" + id, key, null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(send("GET", "/api/calls/list", second, null).statusCode()).isEqualTo(401);
    }

    @Test
    void firstKey_isKept_unlessTheStoreWasReset() throws IOException {
        Path file = dir.resolve("kept/api-key");
        String issued = Main.firstKey(stack, file, false, new LayerFirstKey());
        String written = Files.readString(file).trim();
        assertThat(issued).startsWith(written + " (new");
        assertThat(Main.firstKey(stack, file, false, (d, t, o) -> "unexpected")).doesNotContain("unexpected");
        assertThat(Files.readString(file).trim()).isEqualTo(written);
        Main.firstKey(stack, file, true, new LayerFirstKey());
        assertThat(Files.readString(file).trim()).isNotEqualTo(written).startsWith("ck_live_");
    }

    private static HttpResponse<String> send(String method, String path, String apiKey, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
