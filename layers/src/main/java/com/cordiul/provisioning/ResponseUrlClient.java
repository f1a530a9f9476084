package com.cordiul.provisioning;

import com.cordiul.logging.Log;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Puts a custom resource's answer to CloudFormation's pre-signed {@code ResponseURL}: an HTTP/1.1 {@code PUT} whose
 * {@code Content-Type} header is present and empty. The URL is signed for an empty content type, so any other
 * value (such as the {@code application/x-www-form-urlencoded} that {@code HttpURLConnection} adds by itself) makes
 * S3 refuse it and leaves the stack waiting. A failed attempt (no answer, 5xx) is tried again while the budget
 * lasts; a 4xx is final (an expired or altered URL does not heal).
 */
public final class ResponseUrlClient {

    private static final int MAX_ATTEMPTS = 3;
    private static final Duration MAX_ATTEMPT = Duration.ofSeconds(3);
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(200);

    private final HttpClient http;

    public ResponseUrlClient(HttpClient http) {
        this.http = http;
    }

    /** The JDK's client, HTTP/1.1, no redirects followed. */
    public static ResponseUrlClient standard() {
        return new ResponseUrlClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build());
    }

    /** Puts the body, trying again within the budget; throws when no attempt was accepted. */
    public void put(URI url, byte[] body, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        String lastFailure = "";
        Exception lastCause = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.compareTo(MIN_ATTEMPT) < 0) {
                if (attempt > 1) {
                    break;
                }
                // However late, one attempt is made: an answer that may arrive beats none.
                left = MIN_ATTEMPT;
            }
            HttpRequest request = HttpRequest.newBuilder(url).timeout(left.compareTo(MAX_ATTEMPT) < 0 ? left
                    : MAX_ATTEMPT).header("Content-Type", "").PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
                lastFailure = "the ResponseURL answered HTTP " + status;
                lastCause = null;
                if (status < 500) {
                    break;
                }
            } catch (IOException e) {
                lastFailure = "the ResponseURL did not answer (" + e.getClass().getSimpleName() + ")";
                lastCause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ResponseDeliveryException("Interrupted while answering CloudFormation", e);
            }
            // The host only: the query string is the URL's signature.
            Log.warn("custom resource answer not delivered", "attempt", attempt, "host", url.getHost(),
                    "failure", lastFailure);
        }
        throw new ResponseDeliveryException("The answer could not be delivered: " + lastFailure, lastCause);
    }
}
