package com.cordiul.e2e.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A plain HTTP client for the local API: raw paths, raw bytes, any headers (repeated ones too). */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    Http(URI api) {
        this.api = api;
    }

    /** One request; {@code path} is below {@code /api} and already percent-encoded. */
    record Request(String method, String path, List<Map.Entry<String, String>> headers, byte[] body) {

        static Request get(String path) {
            return new Request("GET", path, List.of(), null);
        }

        static Request delete(String path) {
            return new Request("DELETE", path, List.of(), null);
        }

        static Request post(String path, String json) {
            return new Request("POST", path, List.of(Map.entry("Content-Type", "application/json")),
                    json.getBytes(StandardCharsets.UTF_8));
        }

        static Request post(String path, String contentType, byte[] body) {
            return new Request("POST", path, contentType == null ? List.of()
                    : List.of(Map.entry("Content-Type", contentType)), body);
        }

        /** With one more header (a header may be given more than once). */
        Request header(String name, String value) {
            List<Map.Entry<String, String>> all = new ArrayList<>(headers);
            all.add(Map.entry(name, value));
            return new Request(method, path, all, body);
        }

        /** With {@code x-api-key}. */
        Request key(String key) {
            return header("x-api-key", key);
        }
    }

    /** What came back. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON, or a missing node when it is not JSON. */
        JsonNode json() {
            try {
                JsonNode node = JSON.readTree(body);
                return node == null ? MissingNode.getInstance() : node;
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        JsonNode data() {
            return json().path("data");
        }

        String errorCode() {
            return json().path("error").path("code").asText("");
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    Response send(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(api + request.path()))
                .timeout(Duration.ofSeconds(60))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(h -> builder.header(h.getKey(), h.getValue()));
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.path() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    Response get(String path, String key) {
        return send(Request.get(path).key(key));
    }

    Response post(String path, String key, String json) {
        return send(Request.post(path, json).key(key));
    }

    Response delete(String path, String key) {
        return send(Request.delete(path).key(key));
    }
}
