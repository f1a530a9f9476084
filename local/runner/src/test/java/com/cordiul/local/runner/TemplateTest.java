package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.stack.LambdaFunction;
import com.cordiul.stack.RestApi;
import com.cordiul.stack.Stack;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The production template as the runner reads it, through the stack model. */
class TemplateTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final Stack TEMPLATE = Stack.read(ROOT.resolve("template.yaml"),
            Map.of("DefaultFromNumber", "+12025550199"));

    @Test
    void createCall_getsGlobalAndOwnVariables_withIntrinsicsResolved() {
        LambdaFunction createCall = TEMPLATE.function("CreateCallFunction");
        assertThat(createCall.environment())
                .containsEntry("API_KEYS_TABLE", "ApiKeysTable")
                .containsEntry("CALLS_TABLE", "CallsTable")
                .containsEntry("IDEMPOTENCY_TABLE", "IdempotencyTable")
                .containsEntry("DIAL_QUEUE_URL", TEMPLATE.queue("DialQueue").url())
                .doesNotContainKey("SIP_MEDIA_APPLICATION_ID")
                .containsEntry("DEFAULT_FROM_NUMBER", "+12025550199")
                .containsEntry("OWNED_NUMBERS", "")
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    }

    @Test
    void functions_takeTheirArtifacts_handler_timeoutAndMemory_fromTheTemplate() {
        LambdaFunction callStatus = TEMPLATE.function("CallStatusFunction");
        assertThat(callStatus.codeUri()).isEqualTo(ROOT.resolve("functions/call-status/target/call-status.jar"));
        assertThat(callStatus.layers()).containsExactly(ROOT.resolve("layers/target/layer.zip"));
        assertThat(callStatus.handlerClass()).isEqualTo("com.cordiul.fn.callstatus.CallStatusHandler");
        assertThat(callStatus.handlerMethod()).isEqualTo("handleRequest");
        assertThat(callStatus.timeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(callStatus.memoryMb()).isEqualTo(1024);
        assertThat(callStatus.environment()).containsEntry("SPEAK_VOICE_ID", "Joanna");
        assertThat(TEMPLATE.function("ListCallsFunction").timeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void numberParameters_resolveToTheirText() {
        assertThat(TEMPLATE.function("StaleCallSweeperFunction").environment())
                .containsEntry("STALE_RINGING_SECONDS", "180").containsEntry("MAX_CALL_SECONDS", "3600");
    }

    @Test
    void lambdaVariables_areAddedOverTheTemplates() {
        Map<String, String> env = LocalStack.environment(TEMPLATE.function("GetCallFunction"),
                URI.create("http://127.0.0.1:8000"), URI.create("http://127.0.0.1:8001"));
        assertThat(env).containsEntry("AWS_REGION", "us-east-1").containsEntry("AWS_DEFAULT_REGION", "us-east-1")
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "GetCallFunction")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
                .containsEntry("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000")
                .containsEntry("CHIME_ENDPOINT", "http://127.0.0.1:8001")
                .containsEntry("CALLS_TABLE", "CallsTable")
                .containsKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void substitutions_resolvePseudoParametersAndResources() {
        var layerName = TEMPLATE.resolve(new ObjectMapper().createObjectNode()
                .put("Fn::Sub", "${AWS::StackName}-${CordiulApi}-${StageName}-${AWS::Region}"));
        assertThat(layerName.asText()).isEqualTo("cordiul-local-CordiulApi-prod-us-east-1");
        assertThat(TEMPLATE.functionIdOf("AuthorizerFunctionAliaslive")).hasValue("AuthorizerFunction");
    }

    @Test
    void api_hasTheAuthorizerFunction_asItsDefault() {
        RestApi api = TEMPLATE.restApi("CordiulApi");
        assertThat(api.stageName()).isEqualTo("prod");
        assertThat(api.defaultAuthorizer()).hasValue("CordiulAuthorizer");
        RestApi.Authorizer authorizer = api.authorizers().get("CordiulAuthorizer");
        assertThat(authorizer.functionId()).isEqualTo("AuthorizerFunction");
        assertThat(authorizer.payloadType()).isEqualTo("REQUEST");
        assertThat(authorizer.identityHeaders()).isEmpty();
    }

    @Test
    void routes_areEveryApiEvent() {
        assertThat(LocalStack.routes(TEMPLATE)).extracting(r -> r.method() + " " + r.path() + " " + r.functionId())
                .containsExactlyInAnyOrder(
                        "POST /api/api-keys CreateApiKeyFunction",
                        "GET /api/api-keys ListApiKeysFunction",
                        "DELETE /api/api-keys/{id} RevokeApiKeyFunction",
                        "POST /api/calls/create CreateCallFunction",
                        "POST /api/calls/{id}/cancel CancelCallFunction",
                        "GET /api/calls/list ListCallsFunction",
                        "GET /api/calls/{id} GetCallFunction",
                        "GET /api/calls/{id}/events ListCallEventsFunction",
                        "POST /api/webhook-endpoints CreateWebhookEndpointFunction",
                        "GET /api/webhook-endpoints ListWebhookEndpointsFunction",
                        "DELETE /api/webhook-endpoints/{id} DeleteWebhookEndpointFunction",
                        "POST /api/webhook-endpoints/{id}/rotate-secret RotateWebhookSecretFunction",
                        "POST /api/webhook-endpoints/{id}/enable EnableWebhookEndpointFunction",
                        "GET /api/webhook-endpoints/{id}/deliveries ListWebhookDeliveriesFunction");
        assertThat(LocalStack.routes(TEMPLATE)).allSatisfy(r -> assertThat(r.apiId()).isEqualTo("CordiulApi"));
    }

    @Test
    void unknownParameterOverride_isRefused() {
        assertThatThrownBy(() -> Stack.read(ROOT.resolve("template.yaml"), Map.of("DefaultFromNumbr", "+1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DefaultFromNumbr");
    }
}
