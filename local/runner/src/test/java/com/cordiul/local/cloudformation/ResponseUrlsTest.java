package com.cordiul.local.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.provisioning.ResponseDeliveryException;
import com.cordiul.provisioning.ResponseUrlClient;
import com.cordiul.stack.PseudoParameters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local ResponseURL plays S3's pre-signed URL: a PUT of any Content-Type to an issued URL, answered 200. */
class ResponseUrlsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private ResponseUrls urls;

    @BeforeEach
    void start() {
        urls = ResponseUrls.start();
    }

    @AfterEach
    void stop() {
        urls.close();
    }

    private static HttpResponse<Void> put(URI url, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void theLayersOwnClient_deliversTheAnswer_withItsEmptyContentType() throws Exception {
        ResponseUrls.Issued url = urls.issue(PseudoParameters.STACK_ID, "Sma", "request-1");
        assertThat(url.url().getHost()).isEqualTo("127.0.0.1");
        assertThat(url.url().getRawPath()).contains("Sma", "request-1");

        ResponseUrlClient.standard().put(url.url(), "{\"Status\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(5));

        assertThat(new String(url.answer().get(), StandardCharsets.UTF_8)).isEqualTo("{\"Status\":\"SUCCESS\"}");
    }

    @Test
    void anyContentTypeOrNone_isTaken_andAnsweredWithAnETag() throws Exception {
        for (String contentType : new String[] {"application/json", null}) {
            ResponseUrls.Issued url = urls.issue(PseudoParameters.STACK_ID, "Sma", "request-" + contentType);
            HttpResponse<Void> answer = put(url.url(), contentType, "{}");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("ETag"))
                    .hasValueSatisfying(e -> assertThat(e).matches("\"[0-9a-f]{32}\""));
            assertThat(url.answer()).isCompleted();
        }
    }

    @Test
    void theFirstAnswer_isTheOneRead() throws Exception {
        ResponseUrls.Issued url = urls.issue(PseudoParameters.STACK_ID, "Sma", "request-2");
        put(url.url(), "", "first");
        assertThat(put(url.url(), "", "second").statusCode()).isEqualTo(200);
        assertThat(new String(url.answer().get(), StandardCharsets.UTF_8)).isEqualTo("first");
    }

    @Test
    void anotherMethod_aForgedSignature_anUnissuedOrRetiredUrl_areRefusedAsS3RefusesThem() throws Exception {
        ResponseUrls.Issued url = urls.issue(PseudoParameters.STACK_ID, "Sma", "request-3");
        String forged = url.url().toString().replaceAll("X-Amz-Signature=[0-9a-f]+", "X-Amz-Signature=00");
        String unissued = url.url().toString().replace("request-3", "request-4");
        assertThat(HTTP.send(HttpRequest.newBuilder(url.url()).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(403);
        assertThat(put(URI.create(forged), "", "{}").statusCode()).isEqualTo(403);
        assertThat(put(URI.create(unissued), "", "{}").statusCode()).isEqualTo(403);
        assertThat(url.answer()).isNotDone();

        urls.retire(url);
        assertThatThrownBy(() -> ResponseUrlClient.standard().put(url.url(), new byte[] {'{', '}'},
                Duration.ofSeconds(2))).isInstanceOf(ResponseDeliveryException.class).hasMessageContaining("403");
    }
}
