package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lambda's concurrency, locally: reserved concurrency bounds the instances, a throttle is refused and logged. */
class ConcurrencyLimitTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static LocalStack stack;
    private static Path log;

    @BeforeAll
    static void start() throws IOException {
        Path template = TestDeployment.create(dir);
        log = dir.resolve("local/runner.log");
        stack = LocalStack.start(LocalOptions.defaults(template).withWorkDir(dir.resolve("work"))
                .withConcurrency(3).withRunnerLog(log));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void limit_isTheReservedConcurrency_orTheLocalDefault() {
        assertThat(stack.concurrencyLimit("SingleFunction")).isEqualTo(1);
        assertThat(stack.concurrencyLimit("ThingFunction")).isEqualTo(3);
    }

    @Test
    void invokeBeyondTheReservedConcurrency_isThrottled_asAn500FromTheGateway_andLogged() throws Exception {
        Path meeting = Files.createDirectories(dir.resolve("single"));
        String path = "/api/single?dir=" + meeting.toUri().getPath();
        CompletableFuture<HttpResponse<String>> first = HTTP.sendAsync(request(path),
                HttpResponse.BodyHandlers.ofString());
        Instant deadline = Instant.now().plusSeconds(20);
        while (started(meeting) < 1 && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        assertThat(started(meeting)).as("the first invocation runs").isEqualTo(1);

        HttpResponse<String> second = HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(second.body()).path("code").asText()).isEqualTo("internal_error");
        assertThatThrownBy(() -> stack.invokeFunction("SingleFunction", "{}"))
                .isInstanceOfSatisfying(FunctionThrottledException.class,
                        e -> assertThat(e.function()).isEqualTo("SingleFunction"));

        Files.writeString(meeting.resolve("release"), "go");
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(stack.instancesStarted("SingleFunction")).isEqualTo(1);
        assertThat(Files.readString(log)).contains("FAILED invocation of SingleFunction")
                .containsPattern("\\(request [0-9a-f-]{36}\\): throttle: TooManyRequestsException");
    }

    @Test
    void functionError_isLoggedWithItsCause() throws Exception {
        assertThat(HTTP.send(request("/api/fail"), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(502);
        assertThat(Files.readString(log)).contains("FAILED invocation of FailingFunction")
                .contains("error: java.lang.IllegalStateException: secret internal detail");
    }

    private static HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(stack.url() + path)).header("Authorization", "allow").build();
    }

    private static long started(Path meeting) throws IOException {
        try (Stream<Path> files = Files.list(meeting)) {
            return files.filter(f -> f.getFileName().toString().startsWith("started-")).count();
        }
    }
}
