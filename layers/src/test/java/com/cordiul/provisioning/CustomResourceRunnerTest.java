package com.cordiul.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.core.Json;
import com.cordiul.testing.ResponseUrlServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomResourceRunnerTest {

    private static final Invocation PLENTY = new Invocation("lambda-req", "2026/01/01/[$LATEST]abc",
            Duration.ofSeconds(30));
    private ResponseUrlServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch never = new CountDownLatch(1);

    @BeforeEach
    void start() {
        server = ResponseUrlServer.start();
    }

    @AfterEach
    void stop() {
        never.countDown();
        server.close();
    }

    /** A resource answering every request type with the function's answer. */
    private CustomResource resource(Function<CustomResourceRequest, CustomResourceResponse> answer) {
        return new CustomResource() {
            @Override
            public CustomResourceResponse create(CustomResourceRequest request) {
                calls.incrementAndGet();
                return answer.apply(request);
            }

            @Override
            public CustomResourceResponse update(CustomResourceRequest request) {
                return create(request);
            }

            @Override
            public CustomResourceResponse delete(CustomResourceRequest request) {
                return create(request);
            }
        };
    }

    private Map<String, Object> run(CustomResource resource, String type, Invocation invocation) {
        CustomResourceRunner runner = new CustomResourceRunner(resource, ResponseUrlClient.standard(),
                Duration.ofMillis(500));
        byte[] returned = runner.run(event(type), invocation);
        List<ResponseUrlServer.Received> puts = server.received();
        assertThat(puts).as("exactly one answer").hasSize(1);
        assertThat(puts.get(0).body()).isEqualTo(returned);
        return document(puts.get(0).bodyText());
    }

    private byte[] event(String type) {
        return CustomResourceRequestTest.event(type, server.url("answer?Signature=sig").toString())
                .replace("\"PhysicalResourceId\": \"sma-1\",", type.equals("Create") ? ""
                        : "\"PhysicalResourceId\": \"sma-1\",")
                .getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(String json) {
        return (Map<String, Object>) Json.parse(json);
    }

    @Test
    void theResourcesAnswer_isPutOnce() {
        Map<String, Object> answer = run(resource(r -> CustomResourceResponse.success("sma-7", Map.of("K", "V"))),
                "Create", PLENTY);

        assertThat(answer).containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", "sma-7")
                .containsEntry("Data", Map.of("K", "V")).containsEntry("RequestId", "req-1");
    }

    @Test
    void aRefusal_isAnsweredFailed_withItsReason_andAFailedCreateGetsAPhysicalIdOfItsOwn() {
        Map<String, Object> answer = run(resource(r -> {
            throw new InvalidResourcePropertiesException("ResourceProperties.Name is required");
        }), "Create", PLENTY);

        assertThat(answer).containsEntry("Status", "FAILED")
                .containsEntry("Reason", "ResourceProperties.Name is required")
                .containsEntry("PhysicalResourceId", "not-created-req-1");
        assertThat(CustomResourceRunner.isFailedCreate((String) answer.get("PhysicalResourceId"))).isTrue();
    }

    @Test
    void aFailedUpdateOrDelete_keepsThePhysicalId() {
        for (String type : List.of("Update", "Delete")) {
            server.close();
            server = ResponseUrlServer.start();
            Map<String, Object> answer = run(resource(r -> {
                throw new ChimeUnreachableException("UpdateSipMediaApplication", new java.io.IOException("x"));
            }), type, PLENTY);
            assertThat(answer).as(type).containsEntry("Status", "FAILED").containsEntry("PhysicalResourceId", "sma-1");
        }
    }

    @Test
    void aBugInTheResource_isAnsweredFailed_withoutItsMessageOrAStackTrace() {
        Map<String, Object> answer = run(resource(r -> {
            throw new IllegalStateException("secret detail");
        }), "Create", PLENTY);

        String reason = (String) answer.get("Reason");
        assertThat(answer).containsEntry("Status", "FAILED");
        assertThat(reason).contains("IllegalStateException", "2026/01/01/[$LATEST]abc")
                .doesNotContain("secret detail", "at com.");
    }

    @Test
    void workThatOutlivesTheFunctionsTime_isAnsweredFailedByTheWatchdog() {
        Map<String, Object> answer = run(resource(r -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CustomResourceResponse.success("too-late", Map.of());
        }), "Create", new Invocation("lambda-req", "stream", Duration.ofMillis(1500)));

        assertThat(answer).containsEntry("Status", "FAILED").containsEntry("PhysicalResourceId", "not-created-req-1");
        assertThat((String) answer.get("Reason")).contains("did not finish");
    }

    @Test
    void anUnknownRequestType_orNoTimeLeft_isAnsweredFailed_withoutRunningTheResource() {
        CustomResource counting = resource(r -> CustomResourceResponse.success("x", Map.of()));
        assertThat(run(counting, "Frobnicate", PLENTY)).containsEntry("Status", "FAILED");
        server.close();
        server = ResponseUrlServer.start();
        assertThat(run(counting, "Create", new Invocation("r", "s", Duration.ofMillis(400))))
                .containsEntry("Status", "FAILED");
        assertThat(calls).hasValue(0);
    }

    @Test
    void anAnswerThatCannotBeDelivered_failsTheInvocation_soThatLambdaRetriesIt() {
        server.answerNext(403);
        CustomResourceRunner runner = new CustomResourceRunner(
                resource(r -> CustomResourceResponse.success("sma-7", Map.of())), ResponseUrlClient.standard(),
                Duration.ofMillis(500));

        assertThatThrownBy(() -> runner.run(event("Create"), PLENTY)).isInstanceOf(ResponseDeliveryException.class);
    }

    @Test
    void anEventThatCannotBeAnswered_endsQuietly_withNothingPut() {
        CustomResourceRunner runner = new CustomResourceRunner(
                resource(r -> CustomResourceResponse.success("x", Map.of())), ResponseUrlClient.standard(),
                Duration.ofMillis(500));

        assertThat(runner.run("{\"RequestType\":\"Create\"}".getBytes(StandardCharsets.UTF_8), PLENTY))
                .asString(StandardCharsets.UTF_8).isEqualTo("{}");
        assertThat(server.received()).isEmpty();
        assertThat(calls).hasValue(0);
    }
}
