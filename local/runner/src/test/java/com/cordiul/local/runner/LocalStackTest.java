package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner end to end over HTTP, against the test deployment (see {@link TestDeployment}). */
class LocalStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final URI CHIME = URI.create("http://127.0.0.1:9/voice-simulator");

    @TempDir
    static Path dir;

    private static LocalStack stack;

    @BeforeAll
    static void start() throws IOException {
        Path template = TestDeployment.create(dir);
        stack = LocalStack.start(LocalOptions.defaults(template).withParameter("FromNumber", "+12025550199")
                .withChimeEndpoint(CHIME).withWorkDir(dir.resolve("work")));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void literalPath_winsOverPathParameter() throws Exception {
        JsonNode seen = json(get("/api/things/list", "allow"));
        assertThat(seen.path("function").asText()).isEqualTo("ListThingsFunction");
        assertThat(seen.path("resource").asText()).isEqualTo("/api/things/list");
        assertThat(seen.path("pathParameters").isNull()).isTrue();
    }

    @Test
    void pathParameter_isMatchedAndDecoded() throws Exception {
        JsonNode seen = json(get("/api/things/ab%20c", "allow"));
        assertThat(seen.path("function").asText()).isEqualTo("ThingFunction");
        assertThat(seen.path("resource").asText()).isEqualTo("/api/things/{id}");
        assertThat(seen.path("path").asText()).isEqualTo("/api/things/ab c");
        assertThat(seen.path("pathParameters").path("id").asText()).isEqualTo("ab c");
        assertThat(seen.path("resourcePath").asText()).isEqualTo("/api/things/{id}");
        assertThat(seen.path("stage").asText()).isEqualTo("test");
        assertThat(seen.path("sourceIp").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void queryParameters_keepTheLastValueAndEveryValue() throws Exception {
        JsonNode seen = json(get("/api/things/1?a=1&a=2&b=x%20y", "allow"));
        assertThat(seen.path("queryStringParameters").path("a").asText()).isEqualTo("2");
        assertThat(seen.path("queryStringParameters").path("b").asText()).isEqualTo("x y");
        assertThat(seen.path("multiValueQueryStringParameters").path("a").toString()).isEqualTo("[\"1\",\"2\"]");
        assertThat(seen.path("multiValueQueryStringParameters").path("b").toString()).isEqualTo("[\"x y\"]");
    }

    @Test
    void noQuery_givesNullQueryMaps() throws Exception {
        JsonNode seen = json(get("/api/things/1", "allow"));
        assertThat(seen.path("queryStringParameters").isNull()).isTrue();
        assertThat(seen.path("multiValueQueryStringParameters").isNull()).isTrue();
    }

    @Test
    void jsonBody_travelsAsText() throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(url("/api/things/7"))
                .header("Authorization", "allow").header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"é\"}")).build());
        JsonNode seen = json(response);
        assertThat(seen.path("httpMethod").asText()).isEqualTo("POST");
        assertThat(seen.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(seen.path("body").asText()).isEqualTo("{\"name\":\"é\"}");
        assertThat(seen.path("contentType").asText()).isEqualTo("application/json; charset=utf-8");
    }

    @Test
    void binaryBody_travelsAsBase64() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(url("/api/things/7"))
                .header("Authorization", "allow").header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build());
        JsonNode seen = json(response);
        assertThat(seen.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(seen.path("body").asText())).isEqualTo(png);
    }

    @Test
    void base64ProxyResponse_isDecodedForTheClient() throws Exception {
        HttpResponse<byte[]> response = get("/api/things/1?binary", "allow");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(new byte[] {0, 1, 2, (byte) 255});
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    }

    @Test
    void proxyResponseHeaders_singleAndMultiValue_reachTheClient() throws Exception {
        HttpResponse<byte[]> response = get("/api/things/1", "allow");
        assertThat(response.headers().firstValue("X-Echo")).hasValue("yes");
        assertThat(response.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).hasValue(json(response)
                .path("requestId").asText());
    }

    @Test
    void everyRequest_getsAFreshRequestId_distinctFromLambdasOwn() throws Exception {
        JsonNode first = json(get("/api/things/1", "allow"));
        JsonNode second = json(get("/api/things/1", "allow"));
        assertThat(first.path("requestId").asText()).isNotEqualTo(second.path("requestId").asText());
        assertThat(first.path("requestId").asText()).isNotEqualTo(first.path("awsRequestId").asText());
        assertThat(first.path("requestId").asText()).matches("[0-9a-f-]{36}");
    }

    @Test
    void unknownRoute_rendersMissingAuthenticationToken() throws Exception {
        HttpResponse<byte[]> response = get("/api/nowhere", "allow");
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = json(response);
        assertThat(body.path("code").asText()).isEqualTo("not_found");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue(body.path("request_id").asText());
    }

    @Test
    void wrongMethod_onKnownPath_isNotRoutedToAParameterResource() throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(url("/api/things/list"))
                .header("Authorization", "allow").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void missingCredentials_isUnauthorized() throws Exception {
        HttpResponse<byte[]> response = get("/api/things/1", null);
        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode body = json(response);
        assertThat(body.path("code").asText()).isEqualTo("unauthorized");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue(body.path("request_id").asText());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void denyPolicy_isAccessDenied() throws Exception {
        HttpResponse<byte[]> response = get("/api/things/1", "deny");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).path("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void allowForAnotherResource_isAnImplicitDeny() throws Exception {
        HttpResponse<byte[]> response = get("/api/things/1", "allow-elsewhere");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).path("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void authorizerThatFails_isAServerError() throws Exception {
        HttpResponse<byte[]> response = get("/api/things/1", "boom");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).path("code").asText()).isEqualTo("internal_error");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(new String(response.body())).doesNotContain("key store");
    }

    @Test
    void authorizerWithUnusableAnswer_isAServerError() throws Exception {
        HttpResponse<byte[]> response = get("/api/things/1", "garbled");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).path("code").asText()).isEqualTo("internal_error");
    }

    @Test
    void allowedRequest_carriesTheAuthorizerContextAsStrings() throws Exception {
        JsonNode authorizer = json(get("/api/things/42", "allow")).path("authorizer");
        assertThat(authorizer.path("principalId").asText()).isEqualTo("tester");
        assertThat(authorizer.path("owner").asText()).isEqualTo("tester");
        assertThat(authorizer.path("level").isTextual()).isTrue();
        assertThat(authorizer.path("level").asText()).isEqualTo("3");
        assertThat(authorizer.path("admin").asText()).isEqualTo("true");
        assertThat(authorizer.path("seen_type").asText()).isEqualTo("REQUEST");
        assertThat(authorizer.path("seen_resource").asText()).isEqualTo("/api/things/{id}");
        assertThat(authorizer.path("seen_method_arn").asText())
                .isEqualTo("arn:aws:execute-api:us-east-1:123456789012:local/test/GET/api/things/42");
    }

    @Test
    void routeWithAuthorizerNone_skipsTheAuthorizer() throws Exception {
        HttpResponse<byte[]> response = get("/api/open", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("authorizer").isNull()).isTrue();
    }

    @Test
    void functionError_isA502_thatTellsNothingOfTheError() throws Exception {
        HttpResponse<byte[]> response = get("/api/fail", "allow");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json(response).path("code").asText()).isEqualTo("internal_error");
        assertThat(new String(response.body())).doesNotContain("secret");
    }

    @Test
    void malformedProxyResponse_isA502() throws Exception {
        HttpResponse<byte[]> response = get("/api/malformed", "allow");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json(response).path("code").asText()).isEqualTo("internal_error");
    }

    @Test
    void functionPastItsTimeout_isA502_andItsInstanceIsRetired() throws Exception {
        HttpResponse<byte[]> first = get("/api/hang", "allow");
        HttpResponse<byte[]> second = get("/api/hang", "allow");
        assertThat(first.statusCode()).isEqualTo(502);
        assertThat(second.statusCode()).isEqualTo(502);
        assertThat(json(second).path("code").asText()).isEqualTo("internal_error");
        assertThat(stack.instancesStarted("HangingFunction")).isEqualTo(2);
    }

    @Test
    void bodyOverTenMegabytes_isRequestTooLarge_renderedByTheDefault4xx() throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(url("/api/things/7"))
                .header("Authorization", "allow").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[Gateway.MAX_BODY_BYTES + 1])).build());
        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode body = json(response);
        assertThat(body.path("code").asText()).isEqualTo("bad_request");
        assertThat(body.path("message").asText()).isEqualTo("Request Too Long");
        assertThat(body.path("type").asText()).isEqualTo("REQUEST_TOO_LARGE");
    }

    @Test
    void concurrentInvocations_runInSeparateInstances_andIdleOnesAreReused() throws Exception {
        Path meeting = Files.createDirectories(dir.resolve("rendezvous"));
        String path = "/api/rendezvous?dir=" + meeting.toUri().getPath();
        CompletableFuture<HttpResponse<byte[]>> first = sendAsync(path);
        CompletableFuture<HttpResponse<byte[]>> second = sendAsync(path);
        Instant deadline = Instant.now().plusSeconds(15);
        while (started(meeting) < 2 && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        assertThat(started(meeting)).as("both invocations running at once").isEqualTo(2);
        Files.writeString(meeting.resolve("release"), "go");
        String one = new String(first.get().body());
        String two = new String(second.get().body());
        assertThat(one).isNotEqualTo(two);
        String third = new String(send(HttpRequest.newBuilder(url(path)).header("Authorization", "allow").build())
                .body());
        assertThat(third).isIn(one, two);
        assertThat(stack.instancesStarted("RendezvousFunction")).isEqualTo(2);
    }

    @Test
    void environment_isTheTemplatesResolved_plusLambdasOwnVariables() throws Exception {
        String names = "[\"GREETING\",\"THINGS_TABLE\",\"FROM_NUMBER\",\"RETRIES\",\"SMA_ID\",\"REGION\","
                + "\"STACK_LABEL\",\"LITERAL\",\"AWS_REGION\",\"AWS_DEFAULT_REGION\",\"AWS_LAMBDA_FUNCTION_NAME\","
                + "\"AWS_LAMBDA_FUNCTION_MEMORY_SIZE\",\"AWS_ACCESS_KEY_ID\",\"AWS_SECRET_ACCESS_KEY\","
                + "\"DYNAMODB_ENDPOINT\",\"CHIME_ENDPOINT\"]";
        JsonNode out = JSON.readTree(stack.invokeFunction("EnvironmentFunction", "{\"names\":" + names + "}"));
        JsonNode variables = out.path("variables");
        assertThat(variables.path("GREETING").asText()).isEqualTo("overridden-by-function");
        assertThat(out.path("greetingAtInit").asText()).isEqualTo("overridden-by-function");
        assertThat(variables.path("THINGS_TABLE").asText()).isEqualTo("ThingsTable");
        assertThat(variables.path("FROM_NUMBER").asText()).isEqualTo("+12025550199");
        assertThat(variables.path("RETRIES").asText()).isEqualTo("3");
        // LocalStack.start provisions no custom resource: its attribute says so.
        assertThat(variables.path("SMA_ID").asText()).isEqualTo("unprovisioned-Sma-SipMediaApplicationId");
        assertThat(stack.provisioned()).isEmpty();
        assertThat(variables.path("REGION").asText()).isEqualTo("us-east-1");
        assertThat(variables.path("STACK_LABEL").asText()).isEqualTo("cordiul-local-hello-us-east-1");
        assertThat(variables.path("LITERAL").asText()).isEqualTo("keep-${Literal}");
        assertThat(variables.path("AWS_REGION").asText()).isEqualTo("us-east-1");
        assertThat(variables.path("AWS_DEFAULT_REGION").asText()).isEqualTo("us-east-1");
        assertThat(variables.path("AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo("EnvironmentFunction");
        assertThat(variables.path("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText()).isEqualTo("256");
        assertThat(variables.path("AWS_ACCESS_KEY_ID").asText()).isNotBlank();
        assertThat(variables.path("AWS_SECRET_ACCESS_KEY").asText()).isNotBlank();
        assertThat(variables.path("DYNAMODB_ENDPOINT").asText()).isEqualTo(stack.dynamoDbEndpoint().toString());
        assertThat(variables.path("CHIME_ENDPOINT").asText()).isEqualTo(CHIME.toString());
    }

    @Test
    void context_carriesTheFunctionsNameTimeoutAndMemory() throws Exception {
        JsonNode out = JSON.readTree(stack.invokeFunction("EnvironmentFunction", "{\"names\":[]}"));
        assertThat(out.path("functionName").asText()).isEqualTo("EnvironmentFunction");
        assertThat(out.path("awsRequestId").asText()).matches("[0-9a-f-]{36}");
        assertThat(out.path("remainingMillis").asInt()).isBetween(1, 5000);
        assertThat(out.path("memoryLimitInMB").asInt()).isEqualTo(256);
    }

    @Test
    void function_seesOnlyItsOwnArtifacts() throws Exception {
        JsonNode out = JSON.readTree(stack.invokeFunction("EnvironmentFunction", "{\"names\":[]}"));
        assertThat(out.path("parentIsPlatform").asBoolean()).isTrue();
        assertThat(out.path("seesRunner").asBoolean()).isFalse();
        assertThat(out.path("seesEventsLibrary").asBoolean()).isTrue();
    }

    @Test
    void streamHandler_getsTheRawBytes() {
        assertThat(stack.invokeFunction("StreamFunction", "{\"a\":1}")).isEqualTo("}1:\"a\"{");
    }

    @Test
    void invokeFunction_reportsAFunctionErrorAsLambdaDoes() {
        assertThatThrownBy(() -> stack.invokeFunction("FailingFunction", "{}"))
                .isInstanceOfSatisfying(LambdaInvocationException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(e.errorMessage()).isEqualTo("secret internal detail");
                    assertThat(e.timedOut()).isFalse();
                });
    }

    @Test
    void invokeFunction_ofAnUnknownFunction_isRefused() {
        assertThatThrownBy(() -> stack.invokeFunction("NoSuchFunction", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NoSuchFunction");
    }

    private static long started(Path meeting) throws IOException {
        try (Stream<Path> files = Files.list(meeting)) {
            return files.filter(f -> f.getFileName().toString().startsWith("started-")).count();
        }
    }

    private static CompletableFuture<HttpResponse<byte[]>> sendAsync(String path) {
        return HTTP.sendAsync(HttpRequest.newBuilder(url(path)).header("Authorization", "allow").build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    private static HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static URI url(String path) {
        return URI.create(stack.url() + path);
    }
}
