package com.cordiul.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The Runtime API's wire protocol, spoken by hand (no JVM launched). */
class RuntimeApiTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void next_handsOutTheEvent_withTheRuntimeHeaders() throws Exception {
        try (RuntimeApi api = RuntimeApi.start("probe", Duration.ofSeconds(15))) {
            CompletableFuture<Invocation> result = api.submit("{\"n\":1}");
            HttpResponse<String> next = get(api, "invocation/next");

            assertThat(next.statusCode()).isEqualTo(200);
            assertThat(next.body()).isEqualTo("{\"n\":1}");
            String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
            long deadline = Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
            assertThat(deadline).isBetween(System.currentTimeMillis() + 10_000, System.currentTimeMillis() + 15_000);
            assertThat(next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn"))
                    .hasValue("arn:aws:lambda:us-east-1:123456789012:function:probe");
            assertThat(next.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow()).startsWith("Root=1-");

            assertThat(post(api, "invocation/" + id + "/response", "\"done\"").statusCode()).isEqualTo(202);
            Invocation invocation = result.get();
            assertThat(invocation.error()).isFalse();
            assertThat(invocation.body()).isEqualTo("\"done\"");
            assertThat(invocation.requestId()).isEqualTo(id);
            assertThat(invocation.completedNanos()).isGreaterThanOrEqualTo(invocation.deliveredNanos());
            assertThat(invocation.deliveredNanos()).isGreaterThanOrEqualTo(invocation.submittedNanos());
        }
    }

    @Test
    void invocation_carriesWallClockReadings_ofDeliveryAndAnswer() throws Exception {
        try (RuntimeApi api = RuntimeApi.start("probe", Duration.ofSeconds(15))) {
            long before = RuntimeApi.epochNanos();
            CompletableFuture<Invocation> result = api.submit("{}");
            String id = get(api, "invocation/next").headers().firstValue("Lambda-Runtime-Aws-Request-Id")
                    .orElseThrow();
            post(api, "invocation/" + id + "/response", "{}");
            long after = RuntimeApi.epochNanos();

            Invocation invocation = result.get();
            assertThat(invocation.deliveredEpochNanos()).isBetween(before, invocation.completedEpochNanos());
            assertThat(invocation.completedEpochNanos()).isLessThanOrEqualTo(after);
        }
    }

    @Test
    void awaitPolls_returnsOnceTheRuntimeAsksAgain_andNotBefore() throws Exception {
        try (RuntimeApi api = RuntimeApi.start("probe", Duration.ofSeconds(15))) {
            api.submit("{}");
            assertThat(api.awaitPolls(1, Duration.ofMillis(50))).isFalse();

            String id = get(api, "invocation/next").headers().firstValue("Lambda-Runtime-Aws-Request-Id")
                    .orElseThrow();
            assertThat(api.awaitPolls(1, Duration.ofSeconds(5))).isTrue();
            assertThat(api.awaitPolls(2, Duration.ofMillis(50))).isFalse();

            post(api, "invocation/" + id + "/response", "{}");
            api.submit("{}");
            get(api, "invocation/next");
            assertThat(api.awaitPolls(2, Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void errorPost_completesTheInvocation_asAnError_withItsType() throws Exception {
        try (RuntimeApi api = RuntimeApi.start("probe", Duration.ofSeconds(15))) {
            CompletableFuture<Invocation> result = api.submit("{}");
            String id = get(api, "invocation/next").headers().firstValue("Lambda-Runtime-Aws-Request-Id")
                    .orElseThrow();
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(uri(api, "invocation/" + id + "/error"))
                    .header("Lambda-Runtime-Function-Error-Type", "Runtime.Boom")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"errorMessage\":\"boom\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(posted.statusCode()).isEqualTo(202);
            assertThat(result.get().error()).isTrue();
            assertThat(result.get().errorType()).isEqualTo("Runtime.Boom");
        }
    }

    @Test
    void responseForAnUnknownRequestId_isRefused() throws Exception {
        try (RuntimeApi api = RuntimeApi.start("probe", Duration.ofSeconds(15))) {
            assertThat(post(api, "invocation/not-issued/response", "{}").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void initError_failsEveryPendingInvocation() throws Exception {
        try (RuntimeApi api = RuntimeApi.start("probe", Duration.ofSeconds(15))) {
            CompletableFuture<Invocation> result = api.submit("{}");
            assertThat(post(api, "init/error", "{\"errorType\":\"Init\"}").statusCode()).isEqualTo(202);

            assertThat(api.initError()).hasValue("{\"errorType\":\"Init\"}");
            assertThatThrownBy(() -> api.invoke("{}", Duration.ofSeconds(5))).isInstanceOf(InitErrorException.class);
            assertThat(result).isCompletedExceptionally();
        }
    }

    private HttpResponse<String> get(RuntimeApi api, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(api, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(RuntimeApi api, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(api, path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(RuntimeApi api, String path) {
        return URI.create("http://" + api.address() + "/2018-06-01/runtime/" + path);
    }
}
