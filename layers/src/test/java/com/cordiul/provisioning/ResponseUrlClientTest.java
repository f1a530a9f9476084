package com.cordiul.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.testing.ResponseUrlServer;
import com.cordiul.testing.SilentEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResponseUrlClientTest {

    private static final byte[] BODY = "{\"Status\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8);
    private ResponseUrlServer server;
    private final ResponseUrlClient client = ResponseUrlClient.standard();

    @BeforeEach
    void start() {
        server = ResponseUrlServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theAnswer_isAPut_withAContentTypeHeaderThatIsPresentAndEmptyOnTheWire() {
        client.put(server.url("stack/req?AWSAccessKeyId=A&Expires=1&Signature=s"), BODY, Duration.ofSeconds(10));

        assertThat(server.received()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.target()).isEqualTo("/stack/req?AWSAccessKeyId=A&Expires=1&Signature=s");
            assertThat(r.header("Content-Type")).containsExactly("");
            assertThat(r.headerLines()).anyMatch(line -> line.equalsIgnoreCase("Content-Type:")
                    || line.equalsIgnoreCase("Content-Type: "));
            assertThat(r.header("Content-Length")).containsExactly(Integer.toString(BODY.length));
            assertThat(r.body()).isEqualTo(BODY);
        });
    }

    @Test
    void aServerError_isTriedAgain_untilAccepted() {
        server.answerNext(503, 500);

        client.put(server.url("k"), BODY, Duration.ofSeconds(20));

        assertThat(server.received()).hasSize(3).allSatisfy(r -> assertThat(r.body()).isEqualTo(BODY));
    }

    @Test
    void aRefusal_isFinal_andReported() {
        server.answerNext(403);

        assertThatThrownBy(() -> client.put(server.url("k?Signature=secret"), BODY, Duration.ofSeconds(10)))
                .isInstanceOf(ResponseDeliveryException.class).hasMessageContaining("HTTP 403")
                .hasMessageNotContaining("secret");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aUrlThatNeverAnswers_isReportedUndelivered() {
        try (SilentEndpoint silent = SilentEndpoint.start()) {
            assertThatThrownBy(() -> client.put(silent.endpoint().resolve("/k"), BODY, Duration.ofMillis(1500)))
                    .isInstanceOf(ResponseDeliveryException.class).hasMessageContaining("did not answer");
        }
    }
}
