package com.cordiul.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.cordiul.core.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ApiRequestTest {

    private static ApiRequest withBody(String body) {
        return new ApiRequest(new APIGatewayProxyRequestEvent().withBody(body)
                .withHeaders(Map.of("Content-Type", "application/json")));
    }

    @Test
    void objectBody_isParsed() {
        assertThat(withBody("{\"name\":\"a\"}").jsonObjectBody().get("name")).isEqualTo("a");
    }

    @Test
    void base64Body_isDecoded_asApiGatewaySendsIt() {
        String encoded = Base64.getEncoder().encodeToString("{\"name\":\"b\"}".getBytes(StandardCharsets.UTF_8));
        var request = new ApiRequest(new APIGatewayProxyRequestEvent().withBody(encoded).withIsBase64Encoded(true));
        assertThat(request.jsonObjectBody().get("name")).isEqualTo("b");
    }

    @Test
    void duplicateKeys_areRefused() {
        assertThatThrownBy(() -> withBody("{\"name\":\"a\",\"name\":\"b\"}").jsonObjectBody())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void truncatedJson_isRefused_namingTheBody() {
        assertThatThrownBy(() -> withBody("{\"name\":").jsonObjectBody())
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).contains("body"));
    }

    @Test
    void nonObjectJson_isRefused() {
        for (String body : List.of("[]", "\"x\"", "42", "null", "true")) {
            assertThatThrownBy(() -> withBody(body).jsonObjectBody()).isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void emptyBody_isRefused() {
        assertThatThrownBy(() -> withBody("").jsonObjectBody()).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> withBody(null).jsonObjectBody()).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void bodyOver16KB_isRefused() {
        String big = "{\"name\":\"" + "x".repeat(ApiRequest.MAX_BODY_BYTES) + "\"}";
        assertThatThrownBy(() -> withBody(big).jsonObjectBody()).isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void deepNesting_isRefused() {
        String deep = "{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}";
        assertThatThrownBy(() -> withBody(deep).jsonObjectBody()).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void invalidUtf8_isRefused() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        String encoded = Base64.getEncoder().encodeToString(bytes);
        var request = new ApiRequest(new APIGatewayProxyRequestEvent().withBody(encoded).withIsBase64Encoded(true));
        assertThatThrownBy(request::jsonObjectBody).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void nonJsonContentType_isRefused() {
        var request = new ApiRequest(new APIGatewayProxyRequestEvent().withBody("name=a")
                .withHeaders(Map.of("content-type", "application/x-www-form-urlencoded")));
        assertThatThrownBy(request::jsonObjectBody).isInstanceOf(UnsupportedMediaTypeException.class);
    }

    @Test
    void headers_areCaseInsensitive() {
        var request = new ApiRequest(new APIGatewayProxyRequestEvent().withHeaders(Map.of("X-Api-Key", "k")));
        assertThat(request.header("x-api-key")).contains("k");
    }

    @Test
    void repeatedQueryParameter_isRefused_namingIt() {
        var request = new ApiRequest(new APIGatewayProxyRequestEvent()
                .withQueryStringParameters(Map.of("limit", "5"))
                .withMultiValueQueryStringParameters(Map.of("limit", List.of("5", "6"))));
        assertThatThrownBy(() -> request.query("limit")).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.field()).contains("limit"));
    }

    @Property(tries = 500)
    void anyBody_eitherParsesToAnObject_orIsRefusedAsBadInput(@ForAll String body) {
        try {
            assertThat(withBody(body).jsonObjectBody()).isInstanceOf(Map.class);
        } catch (InvalidRequestException | PayloadTooLargeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
