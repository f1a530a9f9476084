package com.cordiul.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.cordiul.core.MalformedJsonException;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.testing.TestJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthorizerEventsTest {

    private static final String METHOD_ARN =
            "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/GET/api/calls/list";

    @Test
    void theSampleEvent_readsAsTheRuntimesOwnSerializerReadsIt() throws IOException {
        byte[] json = Files.readAllBytes(RepositoryRoot.find().resolve("events/authorizer.json"));
        APIGatewayCustomAuthorizerEvent expected = JacksonFactory.getInstance()
                .getSerializer(APIGatewayCustomAuthorizerEvent.class).fromJson(new ByteArrayInputStream(json));

        AuthorizerEvents.Request read = AuthorizerEvents.read(json);

        assertThat(read.headers()).isEqualTo(expected.getHeaders());
        assertThat(read.methodArn()).isEqualTo(expected.getMethodArn());
        assertThat(read.requestId()).isEqualTo(expected.getRequestContext().getRequestId());
    }

    @Test
    void thePolicy_isWrittenAsTheRuntimesOwnSerializerWroteIt() throws IOException {
        Caller caller = new Caller("user_1", Optional.of("key_1"), EnumSet.of(Permission.CALLS_READ));
        IamPolicyResponseV1 policy = AuthorizerPolicy.allow(caller, METHOD_ARN);
        ByteArrayOutputStream runtime = new ByteArrayOutputStream();
        JacksonFactory.getInstance().getSerializer(IamPolicyResponseV1.class).toJson(policy, runtime);
        ByteArrayOutputStream ours = new ByteArrayOutputStream();

        AuthorizerEvents.write(policy, ours);

        assertThat(TestJson.mapper().readTree(ours.toByteArray()))
                .isEqualTo(TestJson.mapper().readTree(runtime.toByteArray()));
    }

    @Test
    void everyCopyOfARepeatedHeader_isRead_fromTheMultiValueMap() {
        String json = "{\"methodArn\":\"a\",\"headers\":{\"x-api-key\":\"k2\"},"
                + "\"multiValueHeaders\":{\"x-api-key\":[\"k1\",\"k2\"],\"Accept\":[\"*/*\"],\"odd\":\"x\"}}";

        AuthorizerEvents.Request read = AuthorizerEvents.read(json.getBytes(StandardCharsets.UTF_8));

        assertThat(read.headers()).containsExactly(java.util.Map.entry("x-api-key", "k2"));
        assertThat(read.multiValueHeaders()).containsOnlyKeys("x-api-key", "Accept")
                .containsEntry("x-api-key", java.util.List.of("k1", "k2"));
    }

    @Test
    void anEventWithoutHeaders_readsAsNoHeaders_andNoObject_isRefused() {
        AuthorizerEvents.Request bare = AuthorizerEvents.read("{\"methodArn\":\"a\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(bare.headers()).isEmpty();
        assertThat(bare.multiValueHeaders()).isEmpty();
        assertThatThrownBy(() -> AuthorizerEvents.read("\"x\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedJsonException.class);
    }
}
