package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process sandbox: each function instance a JVM of its own under the AWS Lambda Runtime Interface Client, with
 * Lambda's flags; the production functions go through SnapStart's lifecycle (their priming hooks run before the
 * emulated snapshot).
 */
class ProcessSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static LocalStack test;
    private static LocalStack production;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        test = LocalStack.start(LocalOptions.defaults(TestDeployment.create(dir)).withWorkDir(dir.resolve("work"))
                .withSandbox(FunctionSandbox.Kind.PROCESS).withInitTimeout(Duration.ofSeconds(60)));
        production = LocalStack.start(LocalOptions.defaults(RepositoryRoot.find().resolve("template.yaml"))
                .withWorkDir(dir.resolve("production")).withSandbox(FunctionSandbox.Kind.PROCESS)
                .withInitTimeout(Duration.ofSeconds(60)));
        key = Main.firstKey(production, dir.resolve("api-key"), true, new LayerFirstKey()).split(" ")[0];
    }

    @AfterAll
    static void stop() {
        test.close();
        production.close();
    }

    @Test
    void function_readsItsTemplateAndLambdaVariables_fromItsOwnProcessEnvironment() throws Exception {
        JsonNode out = JSON.readTree(test.invokeFunction("EnvironmentFunction",
                "{\"names\":[\"GREETING\",\"THINGS_TABLE\",\"AWS_LAMBDA_FUNCTION_NAME\",\"DYNAMODB_ENDPOINT\","
                        + "\"LAMBDA_TASK_ROOT\"]}"));
        JsonNode variables = out.path("variables");
        assertThat(variables.path("GREETING").asText()).isEqualTo("overridden-by-function");
        assertThat(variables.path("THINGS_TABLE").asText()).isEqualTo("ThingsTable");
        assertThat(variables.path("AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo("EnvironmentFunction");
        assertThat(variables.path("DYNAMODB_ENDPOINT").asText()).isEqualTo(test.dynamoDbEndpoint().toString());
        assertThat(variables.path("LAMBDA_TASK_ROOT").asText()).isNotBlank();
        assertThat(out.path("functionName").asText()).isEqualTo("EnvironmentFunction");
        assertThat(out.path("memoryLimitInMB").asInt()).isEqualTo(256);
        assertThat(out.path("seesRunner").asBoolean()).isFalse();
    }

    @Test
    void functionError_comesBackAsTheRuntimeReportedIt() {
        assertThatThrownBy(() -> test.invokeFunction("FailingFunction", "{}"))
                .isInstanceOfSatisfying(LambdaInvocationException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(e.errorMessage()).isEqualTo("secret internal detail");
                    assertThat(e.timedOut()).isFalse();
                });
    }

    @Test
    void functionPastItsTimeout_isStopped_andANewJvmServesTheNextInvocation() {
        assertThatThrownBy(() -> test.invokeFunction("HangingFunction", "{}"))
                .isInstanceOfSatisfying(LambdaInvocationException.class, e -> assertThat(e.timedOut()).isTrue());
        assertThatThrownBy(() -> test.invokeFunction("HangingFunction", "{}"))
                .isInstanceOf(LambdaInvocationException.class);
        assertThat(test.instancesStarted("HangingFunction")).isEqualTo(2);
    }

    @Test
    void streamHandler_getsTheRawBytes() {
        assertThat(test.invokeFunction("StreamFunction", "{\"a\":1}")).isEqualTo("}1:\"a\"{");
    }

    @Test
    void productionFunctions_restoredFromTheirSnapStartLifecycle_serveTheApi() throws Exception {
        HttpResponse<String> listed = HTTP.send(HttpRequest.newBuilder(URI.create(production.url() + "/api/api-keys"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body()).path("data").path("keys").size()).isEqualTo(1);
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(production.url()
                + "/api/api-keys")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
    }
}
