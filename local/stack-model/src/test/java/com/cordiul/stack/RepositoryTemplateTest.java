package com.cordiul.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The repository's template.yaml as every local reader now sees it. */
class RepositoryTemplateTest {

    private static final Path TEMPLATE = Templates.repository();
    private static final Stack STACK = Stack.read(TEMPLATE, Map.of("DefaultFromNumber", "+12025550199"));

    /** The SIP media application is a custom resource: its id is known once its provider answered. */
    private static final String UNPROVISIONED_SMA = "unprovisioned-CordiulSipMediaApplication-SipMediaApplicationId";

    @Test
    void createCall_getsGlobalAndOwnVariables_resolved() {
        assertThat(STACK.function("CreateCallFunction").environment())
                .containsEntry("API_KEYS_TABLE", "ApiKeysTable")
                .containsEntry("CALLS_TABLE", "CallsTable")
                .containsEntry("IDEMPOTENCY_TABLE", "IdempotencyTable")
                .containsEntry("RATE_LIMIT_TABLE", "RateLimitTable")
                .containsEntry("RATE_LIMIT_REQUESTS_PER_MINUTE", "600")
                .containsEntry("DIAL_CONTROL_TABLE", "DialControlTable")
                .containsEntry("DIAL_QUEUE_URL", STACK.queue("DialQueue").url())
                .containsEntry("CALL_QUEUE_DEPTH_LIMIT", "10000")
                .containsEntry("DEFAULT_FROM_NUMBER", "+12025550199")
                .containsEntry("OWNED_NUMBERS", "")
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")
                .doesNotContainKey("SIP_MEDIA_APPLICATION_ID");
        assertThat(STACK.function("DialerFunction").environment())
                .containsEntry("SIP_MEDIA_APPLICATION_ID", UNPROVISIONED_SMA)
                .containsEntry("CHIME_CALLS_PER_SECOND", "1")
                .containsEntry("CHIME_MAX_ACTIVE_CALLS", "10");
    }

    @Test
    void theDialer_consumesTheFifoDialQueue_oneMessageAtATime_reportingItemFailures_underItsConcurrencyCap() {
        assertThat(STACK.function("DialerFunction").eventsOf(FunctionEvent.Sqs.class)).singleElement()
                .satisfies(sqs -> {
                    assertThat(sqs.queueId()).hasValue("DialQueue");
                    assertThat(sqs.batchSize()).isEqualTo(1);
                    assertThat(sqs.reportBatchItemFailures()).isTrue();
                    assertThat(sqs.maximumConcurrency()).hasValue(5);
                });
        Queue dial = STACK.queue("DialQueue");
        assertThat(dial.fifo()).isTrue();
        assertThat(dial.visibilityTimeout()).isEqualTo(Duration.ofSeconds(120))
                .isGreaterThanOrEqualTo(STACK.function("DialerFunction").timeout().multipliedBy(6));
        assertThat(dial.redrive()).hasValueSatisfying(r -> {
            assertThat(r.deadLetterQueueId()).hasValue("DialDeadLetterQueue");
            assertThat(r.maxReceiveCount()).isEqualTo(50);
        });
    }

    @Test
    void functions_takeArtifactHandlerMemoryTimeoutAndLayer_fromTheTemplateAndGlobals() {
        LambdaFunction callStatus = STACK.function("CallStatusFunction");
        Path root = TEMPLATE.getParent();
        assertThat(callStatus.codeUri()).isEqualTo(root.resolve("functions/call-status/target/call-status.jar"));
        assertThat(callStatus.layers()).containsExactly(root.resolve("layers/target/layer.zip"));
        assertThat(callStatus.externalLayers()).isEmpty();
        assertThat(callStatus.handlerClass()).isEqualTo("com.cordiul.fn.callstatus.CallStatusHandler");
        assertThat(callStatus.handlerMethod()).isEqualTo("handleRequest");
        assertThat(callStatus.timeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(callStatus.memoryMb()).isEqualTo(1024);
        assertThat(callStatus.runtime()).isEqualTo("java21");
        assertThat(callStatus.architectures()).containsExactly("arm64");
        assertThat(callStatus.autoPublishAlias()).hasValue("live");
        assertThat(callStatus.snapStart()).isTrue();
        assertThat(callStatus.reservedConcurrency()).isEmpty();
        assertThat(STACK.function("ListCallsFunction").timeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void everyFunction_isListed_inTemplateOrder() {
        assertThat(STACK.functions()).extracting(LambdaFunction::logicalId).containsExactly("AuthorizerFunction",
                "CreateApiKeyFunction", "ListApiKeysFunction", "RevokeApiKeyFunction", "CreateCallFunction",
                "CancelCallFunction", "DialerFunction", "ListCallsFunction", "GetCallFunction",
                "ListCallEventsFunction", "CallStatusFunction", "SipMediaApplicationFunction",
                "StaleCallSweeperFunction", "CreateWebhookEndpointFunction",
                "ListWebhookEndpointsFunction", "DeleteWebhookEndpointFunction", "RotateWebhookSecretFunction",
                "EnableWebhookEndpointFunction", "ListWebhookDeliveriesFunction", "WebhookDispatcherFunction",
                "WebhookDeliveryFunction", "WebhookReconcilerFunction");
    }

    @Test
    void apiEvents_areRoutesOfCordiulApi() {
        assertThat(STACK.functions()).flatExtracting(f -> f.eventsOf(FunctionEvent.Api.class).stream()
                .map(e -> e.method() + " " + e.path() + " " + e.restApiId()).toList())
                .containsExactly("POST /api/api-keys CordiulApi", "GET /api/api-keys CordiulApi",
                        "DELETE /api/api-keys/{id} CordiulApi", "POST /api/calls/create CordiulApi",
                        "POST /api/calls/{id}/cancel CordiulApi", "GET /api/calls/list CordiulApi",
                        "GET /api/calls/{id} CordiulApi", "GET /api/calls/{id}/events CordiulApi",
                        "POST /api/webhook-endpoints CordiulApi", "GET /api/webhook-endpoints CordiulApi",
                        "DELETE /api/webhook-endpoints/{id} CordiulApi",
                        "POST /api/webhook-endpoints/{id}/rotate-secret CordiulApi",
                        "POST /api/webhook-endpoints/{id}/enable CordiulApi",
                        "GET /api/webhook-endpoints/{id}/deliveries CordiulApi");
    }

    @Test
    void sweeper_hasItsScheduleEvent() {
        assertThat(STACK.function("StaleCallSweeperFunction").eventsOf(FunctionEvent.Schedule.class))
                .singleElement().satisfies(s -> {
                    assertThat(s.name()).isEqualTo("Sweep");
                    assertThat(s.expression()).isEqualTo("rate(5 minutes)");
                    assertThat(s.enabled()).isTrue();
                });
    }

    @Test
    void api_hasTheAuthorizerFunctionBehindItsAlias_asDefault() {
        RestApi api = STACK.restApi("CordiulApi");
        assertThat(api.stageName()).isEqualTo("prod");
        assertThat(api.defaultAuthorizer()).hasValue("CordiulAuthorizer");
        RestApi.Authorizer authorizer = api.authorizers().get("CordiulAuthorizer");
        assertThat(authorizer.functionId()).isEqualTo("AuthorizerFunction");
        assertThat(authorizer.payloadType()).isEqualTo("REQUEST");
        assertThat(authorizer.identityHeaders()).isEmpty();
        assertThat(authorizer.reauthorizeEvery()).isZero();
        assertThat(api.gatewayResponses().path("UNAUTHORIZED").path("StatusCode").asText()).isEqualTo("401");
    }

    @Test
    void tables_areDeclaredOnes_withKeysIndexesAndTtl() {
        assertThat(STACK.tables()).extracting(Table::tableName)
                .containsExactly("ApiKeysTable", "CallsTable", "RateLimitTable", "DialControlTable",
                        "IdempotencyTable", "WebhookEndpointsTable", "WebhookEventsTable", "WebhookDeliveriesTable");
        Table calls = STACK.tables().get(1);
        assertThat(calls.keySchema()).containsExactly(new Table.Key("owner", "HASH"), new Table.Key("id", "RANGE"));
        assertThat(calls.globalSecondaryIndexes()).extracting(Table.Index::indexName)
                .containsExactly("by-status", "by-contact", "by-transaction", "by-open-status", "by-pending-event");
        assertThat(calls.globalSecondaryIndexes().get(1).projectionType()).isEqualTo("INCLUDE");
        assertThat(calls.globalSecondaryIndexes().get(1).nonKeyAttributes()).contains("status", "metadata");
        assertThat(calls.attributes()).containsEntry("status_since", "N");
        assertThat(calls.billingMode()).isEqualTo("PAY_PER_REQUEST");
        assertThat(STACK.tables().get(2).timeToLiveAttribute()).hasValue("expires_at");
    }

    @Test
    void pseudoParameters_andSamGeneratedNames_resolve() {
        assertThat(STACK.resource("CordiulLayer").orElseThrow().properties().path("LayerName").asText())
                .isEqualTo("cordiul-local-shared");
        assertThat(STACK.resource("CallStatusInvokePermission").orElseThrow().properties().path("FunctionName")
                .asText()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:CallStatusFunction:live");
        assertThat(STACK.generatedResources()).containsEntry("AuthorizerFunctionAliaslive", "AWS::Lambda::Alias")
                .containsEntry("AuthorizerFunctionRole", "AWS::IAM::Role")
                .containsEntry("CordiulApiprodStage", "AWS::ApiGateway::Stage")
                .containsEntry("StaleCallSweeperFunctionSweep", "AWS::Events::Rule");
        assertThat(STACK.functionIdOf("AuthorizerFunctionAliaslive")).hasValue("AuthorizerFunction");
    }

    @Test
    void theSipMediaApplication_isTheStacksCustomResource_afterItsProviderAndTheInvokePermission() {
        assertThat(STACK.customResources()).extracting(CustomResource::logicalId)
                .containsExactly("CordiulSipMediaApplication");
        CustomResource sma = STACK.customResource("CordiulSipMediaApplication");
        assertThat(sma.serviceFunction()).hasValue("SipMediaApplicationFunction");
        assertThat(sma.properties().path("Endpoints").path(0).path("LambdaArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:CallStatusFunction:live");
        assertThat(STACK.dependencies("CordiulSipMediaApplication")).containsExactlyInAnyOrder(
                "SipMediaApplicationFunction", "CallStatusInvokePermission", "CallStatusFunction");
        assertThat(STACK.dependencies("DialerFunction")).contains("CordiulSipMediaApplication", "CordiulLayer",
                "CallsTable", "DialQueue");
        assertThat(STACK.dependencies("CreateCallFunction")).contains("CordiulLayer", "CallsTable", "DialQueue")
                .doesNotContain("CordiulSipMediaApplication");
    }

    /** ExistingSipMediaApplicationId: the stack uses that application and makes none. */
    @Test
    void anExistingSipMediaApplication_isUsed_andTheStackMakesNone() {
        String existing = "0f8e7d6c-5b4a-4938-a271-605f4e3d2c1b";
        Stack stack = Stack.read(TEMPLATE, Map.of("ExistingSipMediaApplicationId", existing));
        assertThat(stack.condition("CreatesSipMediaApplication")).isFalse();
        assertThat(stack.customResources()).isEmpty();
        // Its provider stays (idle, it costs nothing): it can still delete an application the stack made before.
        assertThat(stack.exists("SipMediaApplicationFunction")).isTrue();
        for (String function : new String[] {"DialerFunction", "CancelCallFunction"}) {
            assertThat(stack.function(function).environment()).as(function)
                    .containsEntry("SIP_MEDIA_APPLICATION_ID", existing);
            assertThat(stack.dependencies(function)).as(function).doesNotContain("CordiulSipMediaApplication");
        }
        assertThat(stack.outputs()).containsEntry("SipMediaApplicationId", existing)
                .containsEntry("SipMediaApplicationArn", "arn:aws:chime:us-east-1:123456789012:sma/" + existing);
        assertThat(stack.declaredFunction("SipMediaApplicationFunction").handlerClass())
                .isEqualTo("com.cordiul.fn.sipmediaapplication.SipMediaApplicationHandler");
    }

    @Test
    void anExistingSipMediaApplicationId_thatIsNoGuid_isRefused() {
        assertThatThrownBy(() -> Stack.read(TEMPLATE, Map.of("ExistingSipMediaApplicationId", "local-sma")))
                .isInstanceOf(ParameterException.class).hasMessageContaining("ExistingSipMediaApplicationId");
    }

    @Test
    void theProvidersAnswer_isWhatCreateCallAndTheOutputsRead() {
        Stack provisioned = STACK.withAttributes("CordiulSipMediaApplication", Map.of("", "sma-1",
                "SipMediaApplicationId", "sma-1", "SipMediaApplicationArn", "arn:aws:chime:us-east-1:1:sma/sma-1"));
        assertThat(provisioned.function("DialerFunction").environment())
                .containsEntry("SIP_MEDIA_APPLICATION_ID", "sma-1");
        assertThat(provisioned.function("CancelCallFunction").environment())
                .containsEntry("SIP_MEDIA_APPLICATION_ID", "sma-1");
        assertThat(provisioned.outputs()).containsEntry("SipMediaApplicationArn", "arn:aws:chime:us-east-1:1:sma/sma-1")
                .containsEntry("CallStatusFunctionArn",
                        "arn:aws:lambda:us-east-1:123456789012:function:CallStatusFunction:live");
    }

    @Test
    void outputs_resolve() {
        assertThat(STACK.outputs()).containsEntry("ApiUrl",
                "https://CordiulApi.execute-api.us-east-1.amazonaws.com/prod")
                .containsEntry("ApiKeysTableName", "ApiKeysTable")
                .containsEntry("SipMediaApplicationId", UNPROVISIONED_SMA);
    }
}
