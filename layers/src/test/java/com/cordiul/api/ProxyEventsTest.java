package com.cordiul.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.cordiul.core.MalformedJsonException;
import com.cordiul.local.dynalite.RepositoryRoot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyEventsTest {

    private static final ClassLoader LOADER = ProxyEventsTest.class.getClassLoader();

    @ParameterizedTest
    @ValueSource(strings = {"create-api-key.json", "list-api-keys.json", "revoke-api-key.json", "create-call.json",
        "get-call.json", "list-calls.json", "list-call-events.json"})
    void everySampleEvent_readsAsTheRuntimesOwnSerializerReadsIt(String name) throws IOException {
        byte[] json = Files.readAllBytes(RepositoryRoot.find().resolve("events").resolve(name));
        APIGatewayProxyRequestEvent expected = LambdaEventSerializers
                .serializerFor(APIGatewayProxyRequestEvent.class, LOADER).fromJson(new ByteArrayInputStream(json));

        APIGatewayProxyRequestEvent read = ProxyEvents.read(json);

        assertThat(read.getResource()).isEqualTo(expected.getResource());
        assertThat(read.getPath()).isEqualTo(expected.getPath());
        assertThat(read.getHttpMethod()).isEqualTo(expected.getHttpMethod());
        assertThat(read.getHeaders()).isEqualTo(expected.getHeaders());
        assertThat(read.getMultiValueHeaders()).isEqualTo(expected.getMultiValueHeaders());
        assertThat(read.getQueryStringParameters()).isEqualTo(expected.getQueryStringParameters());
        assertThat(read.getMultiValueQueryStringParameters())
                .isEqualTo(expected.getMultiValueQueryStringParameters());
        assertThat(read.getPathParameters()).isEqualTo(expected.getPathParameters());
        assertThat(read.getBody()).isEqualTo(expected.getBody());
        assertThat(read.getIsBase64Encoded()).isEqualTo(expected.getIsBase64Encoded());
        assertThat(read.getRequestContext().getRequestId()).isEqualTo(expected.getRequestContext().getRequestId());
        assertThat(read.getRequestContext().getAuthorizer()).isNotEmpty();
        assertThat(read.getRequestContext().getAuthorizer().get("owner"))
                .isEqualTo(expected.getRequestContext().getAuthorizer().get("owner"));
        assertThat(new ApiRequest(read).caller()).isEqualTo(new ApiRequest(expected).caller());
    }

    @Test
    void theResponse_readsBackInTheRuntimesOwnSerializer_asApiGatewayReadsIt() {
        APIGatewayProxyResponseEvent response = new APIGatewayProxyResponseEvent().withStatusCode(201)
                .withHeaders(Map.of("Content-Type", "application/json", "X-Request-Id", "r-1"))
                .withBody("{\"success\":true,\"data\":{\"name\":\"Zoë\"},\"error\":null}").withIsBase64Encoded(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ProxyEvents.write(response, out);

        APIGatewayProxyResponseEvent read = LambdaEventSerializers
                .serializerFor(APIGatewayProxyResponseEvent.class, LOADER)
                .fromJson(new ByteArrayInputStream(out.toByteArray()));
        assertThat(read).isEqualTo(response);
    }

    @Test
    void multiValueFields_keepEveryValue() {
        APIGatewayProxyRequestEvent read = ProxyEvents.read(("{\"multiValueHeaders\":"
                + "{\"Idempotency-Key\":[\"a\",\"b\"]},"
                + "\"multiValueQueryStringParameters\":{\"status\":[\"queued\",\"ringing\"]},\"headers\":null}")
                .getBytes());

        assertThat(read.getMultiValueHeaders()).isEqualTo(Map.of("Idempotency-Key", List.of("a", "b")));
        assertThat(read.getMultiValueQueryStringParameters())
                .isEqualTo(Map.of("status", List.of("queued", "ringing")));
        assertThat(read.getHeaders()).isNull();
        assertThat(read.getIsBase64Encoded()).isFalse();
    }

    @Test
    void anEventThatIsNoObject_isRefused() {
        assertThatThrownBy(() -> ProxyEvents.read("[1]".getBytes())).isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> ProxyEvents.read("{".getBytes())).isInstanceOf(MalformedJsonException.class);
    }
}
