package com.cordiul.local.voice;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP requests that bypass the SDK, to see what the simulator does with unsigned or mis-signed ones. */
final class Unsigned {

    private Unsigned() {
    }

    static int post(URI uri, String body, String... authorization) {
        try {
            var builder = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
            if (authorization.length > 0) {
                builder.header("Authorization", authorization[0]);
            }
            return HttpClient.newHttpClient().send(builder.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
