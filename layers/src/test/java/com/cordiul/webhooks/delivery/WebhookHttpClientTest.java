package com.cordiul.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.testing.WebhookReceiver;
import com.cordiul.webhooks.url.WebhookUrl;
import com.cordiul.webhooks.url.WebhookUrlPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookHttpClientTest {

    private static final WebhookUrlPolicy LOCAL = new WebhookUrlPolicy(true);
    private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json",
            "webhook-id", "evt_1");

    private WebhookReceiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aTwoHundred_isDelivered_withTheBodyAndHeadersAsSent() throws Exception {
        receiver = WebhookReceiver.start();
        WebhookUrl url = WebhookUrl.parse(receiver.url("/hooks?x=1"), LOCAL);

        HttpOutcome outcome = client(Duration.ofSeconds(10)).post(url, List.of(WebhookUrl.LOOPBACK), HEADERS, BODY);

        assertThat(outcome.delivered()).isTrue();
        assertThat(outcome.statusCode()).isEqualTo(200);
        WebhookReceiver.Received got = receiver.received().get(0);
        assertThat(got.path()).isEqualTo("/hooks?x=1");
        assertThat(got.body()).isEqualTo("{\"id\":\"evt_1\"}");
        assertThat(got.header("webhook-id")).isEqualTo("evt_1");
        assertThat(got.header("host")).isEqualTo("127.0.0.1:" + receiver.port());
    }

    @Test
    void aRedirect_isAFailedAttempt_neverFollowed() throws Exception {
        receiver = WebhookReceiver.start().answering(request -> 302);
        WebhookUrl url = WebhookUrl.parse(receiver.url("/"), LOCAL);

        HttpOutcome outcome = client(Duration.ofSeconds(10)).post(url, List.of(WebhookUrl.LOOPBACK), HEADERS, BODY);

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.statusCode()).isEqualTo(302);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void anEndpointThatNeverAnswers_timesOut() throws Exception {
        receiver = WebhookReceiver.start().answering(request -> WebhookReceiver.HANG);
        WebhookUrl url = WebhookUrl.parse(receiver.url("/"), LOCAL);

        HttpOutcome outcome = client(Duration.ofMillis(700)).post(url, List.of(WebhookUrl.LOOPBACK), HEADERS, BODY);

        assertThat(outcome.error()).isEqualTo("timeout");
        assertThat(outcome.statusCode()).isNull();
    }

    @Test
    void aClosedPort_isConnectionRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        WebhookUrl url = WebhookUrl.parse("http://127.0.0.1:" + port + "/", LOCAL);

        HttpOutcome outcome = client(Duration.ofSeconds(5)).post(url, List.of(WebhookUrl.LOOPBACK), HEADERS, BODY);

        assertThat(outcome.error()).isEqualTo("connection_refused");
    }

    @Test
    void aDroppedConnection_isAnInvalidResponse() throws Exception {
        receiver = WebhookReceiver.start().answering(request -> WebhookReceiver.DROP);
        WebhookUrl url = WebhookUrl.parse(receiver.url("/"), LOCAL);

        HttpOutcome outcome = client(Duration.ofSeconds(5)).post(url, List.of(WebhookUrl.LOOPBACK), HEADERS, BODY);

        assertThat(outcome.error()).isIn("invalid_response", "connection_error");
    }

    @Test
    void tls_connectsToTheCheckedAddress_andVerifiesTheCertificateAgainstTheUrlsHostName() throws Exception {
        receiver = WebhookReceiver.startTls(TestTls.server());
        RecordingConnector connector = new RecordingConnector(receiver.port());
        WebhookHttpClient client = new WebhookHttpClient(connector, TestTls.client(), Duration.ofSeconds(10));
        InetAddress checked = InetAddress.getByName("93.184.216.34");
        WebhookUrl url = WebhookUrl.parse("https://hooks.example.com/events", WebhookUrlPolicy.strict());

        HttpOutcome outcome = client.post(url, List.of(checked), HEADERS, BODY);

        assertThat(outcome.delivered()).as(String.valueOf(outcome)).isTrue();
        assertThat(connector.attempts()).containsExactly(new InetSocketAddress(checked, 443));
        assertThat(receiver.received().get(0).header("host")).isEqualTo("hooks.example.com");
    }

    @Test
    void tls_toACertificateOfAnotherName_isATlsError_andNothingIsSent() throws Exception {
        receiver = WebhookReceiver.startTls(TestTls.server());
        WebhookHttpClient client = new WebhookHttpClient(new RecordingConnector(receiver.port()), TestTls.client(),
                Duration.ofSeconds(10));
        WebhookUrl url = WebhookUrl.parse("https://other.example.com/events", WebhookUrlPolicy.strict());

        HttpOutcome outcome = client.post(url, List.of(InetAddress.getByName("93.184.216.34")), HEADERS, BODY);

        assertThat(outcome.error()).isEqualTo("tls_error");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void theNextAddress_isTriedWhenOneRefuses() throws Exception {
        receiver = WebhookReceiver.start();
        int port = receiver.port();
        List<InetSocketAddress> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        Connector connector = (address, timeout) -> {
            asked.add(address);
            if (address.getAddress().equals(InetAddress.getByName("93.184.216.34"))) {
                throw new java.net.ConnectException("refused");
            }
            return Connector.system().connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeout);
        };
        WebhookHttpClient client = new WebhookHttpClient(connector, SSLContext.getDefault(), Duration.ofSeconds(5));
        WebhookUrl url = WebhookUrl.parse("http://127.0.0.1:" + port + "/", LOCAL);

        HttpOutcome outcome = client.post(url, List.of(InetAddress.getByName("93.184.216.34"),
                InetAddress.getByName("93.184.216.35")), HEADERS, BODY);

        assertThat(outcome.delivered()).isTrue();
        assertThat(asked).hasSize(2);
    }

    private static WebhookHttpClient client(Duration timeout) throws Exception {
        return new WebhookHttpClient(Connector.system(), SSLContext.getDefault(), timeout);
    }
}
