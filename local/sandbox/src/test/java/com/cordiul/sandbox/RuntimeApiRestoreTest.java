package com.cordiul.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SnapStart's restore endpoints of the Runtime API, spoken by hand (no JVM launched). */
class RuntimeApiRestoreTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void restoreNext_blocksUntilReleased_thenAnswers200() throws Exception {
        try (RuntimeApi api = RuntimeApi.start("probe", Duration.ofSeconds(15))) {
            CompletableFuture<HttpResponse<String>> next = http.sendAsync(
                    HttpRequest.newBuilder(uri(api, "restore/next")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            long requested = api.restoreRequested().get(10, TimeUnit.SECONDS);

            assertThat(next).isNotDone();
            long released = api.releaseRestore();

            assertThat(next.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(released).isGreaterThanOrEqualTo(requested);
            assertThat(api.releaseRestore()).isEqualTo(released);
        }
    }

    @Test
    void restoreReleasedBeforeTheRuntimeAsks_answersAtOnce() throws Exception {
        try (RuntimeApi api = RuntimeApi.start("probe", Duration.ofSeconds(15))) {
            api.releaseRestore();

            assertThat(http.send(HttpRequest.newBuilder(uri(api, "restore/next")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void restoreError_isRecorded_andFailsPendingInvocations() throws Exception {
        try (RuntimeApi api = RuntimeApi.start("probe", Duration.ofSeconds(15))) {
            CompletableFuture<Invocation> pending = api.submit("{}");
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(uri(api, "restore/error"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"errorType\":\"Restore\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(posted.statusCode()).isEqualTo(202);
            assertThat(api.restoreError()).hasValue("{\"errorType\":\"Restore\"}");
            assertThat(pending).isCompletedExceptionally();
            assertThatThrownBy(() -> api.invoke("{}", Duration.ofSeconds(5)))
                    .isInstanceOf(RestoreErrorException.class);
        }
    }

    @Test
    void initError_failsTheWaitForRestoreNext() throws Exception {
        try (RuntimeApi api = RuntimeApi.start("probe", Duration.ofSeconds(15))) {
            CompletableFuture<Long> requested = api.restoreRequested();
            http.send(HttpRequest.newBuilder(uri(api, "init/error"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"errorType\":\"Init\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(requested).isCompletedExceptionally();
        }
    }

    private static URI uri(RuntimeApi api, String path) {
        return URI.create("http://" + api.address() + "/2018-06-01/runtime/" + path);
    }
}
