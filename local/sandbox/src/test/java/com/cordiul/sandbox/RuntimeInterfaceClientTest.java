package com.cordiul.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real functions, in real JVMs under the AWS Lambda Runtime Interface Client, served by the loopback Runtime API. */
class RuntimeInterfaceClientTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static LambdaSandbox sandbox;
    private static Path code;

    @BeforeAll
    static void layOut() throws Exception {
        // Lambda's /var/runtime/lib: the RIC and its own dependencies, found by a class each holds.
        sandbox = LambdaSandbox.create(work.resolve("sandbox"), List.of(
                jarHolding("com/amazonaws/services/lambda/runtime/api/client/AWSLambda.class"),
                jarHolding("com/amazonaws/services/lambda/runtime/RequestHandler.class"),
                jarHolding("com/amazonaws/services/lambda/runtime/serialization/PojoSerializer.class"),
                jarHolding("software/amazon/awssdk/utilslite/SdkInternalThreadLocal.class")));
        code = work.resolve("test-functions.jar");
        Path classes = jarOf(RuntimeInterfaceClientTest.class);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(code))) {
            for (String name : List.of("FailingHandler", "ExplodingInitHandler", "ContextEchoHandler",
                    "SnapStartHandler")) {
                String entry = "com/cordiul/sandbox/" + name + ".class";
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(Files.readAllBytes(classes.resolve(entry)));
                zip.closeEntry();
            }
        }
    }

    @Test
    void function_answersInvocations_withTheContextTheRuntimeApiGave() throws Exception {
        FunctionPackage fn = function("echo", "com.cordiul.sandbox.ContextEchoHandler::handleRequest");
        try (RuntimeApi api = RuntimeApi.start("echo", Duration.ofSeconds(15));
                LambdaProcess process = sandbox.launch(fn, api, Map.of(), List.of(), work.resolve("echo.log"))) {
            Invocation first = process.await(api.submit("{\"n\":1}"), WAIT);
            Invocation second = process.await(api.submit("{\"n\":2}"), WAIT);

            Map<?, ?> answer = JSON.readValue(second.body(), Map.class);
            assertThat(first.error()).isFalse();
            assertThat(JSON.readValue(first.body(), Map.class).get("n")).isEqualTo(1);
            assertThat(answer.get("n")).isEqualTo(2);
            assertThat(answer.get("requestId")).isEqualTo(second.requestId());
            assertThat(answer.get("arn")).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:echo");
            assertThat(answer.get("memory")).isEqualTo(256);
            assertThat(answer.get("name")).isEqualTo("echo");
            assertThat(((Number) answer.get("remainingMs")).longValue()).isBetween(1L, 15_000L);
            assertThat(api.firstPollNanos()).hasValueSatisfying(t -> assertThat(t).isGreaterThan(
                    process.startNanos()));
            assertThat(process.peakRssKb()).isPositive();
        }
    }

    @Test
    void handlerException_comesBackOnTheErrorPath() throws Exception {
        FunctionPackage fn = function("failing", "com.cordiul.sandbox.FailingHandler::handleRequest");
        try (RuntimeApi api = RuntimeApi.start("failing", Duration.ofSeconds(15));
                LambdaProcess process = sandbox.launch(fn, api, Map.of(), List.of(), work.resolve("failing.log"))) {
            Invocation failed = process.await(api.submit("{\"n\":7}"), WAIT);

            assertThat(failed.error()).isTrue();
            assertThat(failed.body()).contains("refused 7").contains("IllegalArgumentException");
        }
    }

    @Test
    void constructorFailure_isReportedAsAnInitError() throws Exception {
        FunctionPackage fn = function("exploding", "com.cordiul.sandbox.ExplodingInitHandler::handleRequest");
        try (RuntimeApi api = RuntimeApi.start("exploding", Duration.ofSeconds(15));
                LambdaProcess process = sandbox.launch(fn, api, Map.of(), List.of(), work.resolve("boom.log"))) {
            var pending = api.submit("{}");

            assertThatThrownBy(() -> process.await(pending, WAIT)).hasMessageContaining("missing configuration");
            assertThat(api.initError()).hasValueSatisfying(body -> assertThat(body).contains("missing configuration"));
        }
    }

    @Test
    void snapStart_runsTheCheckpointHooks_blocksOnRestoreNext_thenRestoresAndServes() throws Exception {
        FunctionPackage fn = function("snap", "com.cordiul.sandbox.SnapStartHandler::handleRequest");
        try (RuntimeApi api = RuntimeApi.start("snap", Duration.ofSeconds(15));
                LambdaProcess process = sandbox.launchForSnapshot(fn, api, Map.of(), List.of(),
                        work.resolve("snap.log"))) {
            long requested = process.await(api.restoreRequested(), WAIT);
            var pending = api.submit("{}");

            assertThat(requested).isGreaterThan(process.startNanos());
            assertThat(api.firstPollNanos()).isEmpty();
            long released = api.releaseRestore();
            Invocation first = process.await(pending, WAIT);

            assertThat(first.body()).isEqualTo("\"init,beforeCheckpoint,afterRestore,invoke\"");
            assertThat(first.deliveredNanos()).isGreaterThanOrEqualTo(released);
            assertThat(process.cpuNanos()).isPositive();
        }
    }

    @Test
    void snapStart_failingAfterRestoreHook_isReportedAsARestoreError() throws Exception {
        FunctionPackage fn = function("snap-failing", "com.cordiul.sandbox.SnapStartHandler::handleRequest");
        try (RuntimeApi api = RuntimeApi.start("snap-failing", Duration.ofSeconds(15));
                LambdaProcess process = sandbox.launchForSnapshot(fn, api, Map.of("FAIL_RESTORE", "1"), List.of(),
                        work.resolve("snap-failing.log"))) {
            process.await(api.restoreRequested(), WAIT);
            var pending = api.submit("{}");
            api.releaseRestore();

            // The RIC reports the hook's failure as the context's RestoreException (the cause stays in the log).
            assertThatThrownBy(() -> process.await(pending, WAIT)).hasMessageContaining("RestoreException");
            assertThat(api.restoreError()).hasValueSatisfying(body -> assertThat(body).contains("RestoreException"));
        }
    }

    private static FunctionPackage function(String name, String handler) {
        return new FunctionPackage(name, handler, code, List.of(), Map.of(), 256, 15);
    }

    private static Path jarHolding(String classFile) throws URISyntaxException {
        String url = ClassLoader.getSystemResource(classFile).toString();
        return Path.of(java.net.URI.create(url.substring("jar:".length(), url.indexOf("!/"))));
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

}
