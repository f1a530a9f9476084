package com.cordiul.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.testing.TestJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ApiEdgeStreamTest {

    @Test
    void aSampleEvent_reachesTheRoute_andItsResponseIsWrittenAsLambdaReturnsIt() throws IOException {
        byte[] event = Files.readAllBytes(RepositoryRoot.find().resolve("events/get-call.json"));
        AtomicReference<String> seenId = new AtomicReference<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ApiEdge.stream(new ByteArrayInputStream(event), out, null, e -> {
            seenId.set(e.getPathParameters().get("id"));
            return new APIGatewayProxyResponseEvent().withStatusCode(200).withHeaders(Map.of("X-Request-Id", "r"))
                    .withBody(Envelope.success(Map.of("id", e.getPathParameters().get("id"))));
        });

        assertThat(seenId.get()).isEqualTo("call_01J9ZK3X7E8Q4M2N6P0R5T7V9W");
        JsonNode response = TestJson.mapper().readTree(out.toByteArray());
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(TestJson.mapper().readTree(response.get("body").asText()).at("/data/id").asText())
                .isEqualTo("call_01J9ZK3X7E8Q4M2N6P0R5T7V9W");
        assertThat(response.get("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void anUnreadableEvent_isAnswered500InTheEnvelope_withoutReachingTheRoute() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<Boolean> reached = new AtomicReference<>(false);

        ApiEdge.stream(new ByteArrayInputStream("{\"headers\": [".getBytes(StandardCharsets.UTF_8)), out, null, e -> {
            reached.set(true);
            return new APIGatewayProxyResponseEvent().withStatusCode(200);
        });

        assertThat(reached.get()).isFalse();
        JsonNode response = TestJson.mapper().readTree(out.toByteArray());
        assertThat(response.get("statusCode").asInt()).isEqualTo(500);
        JsonNode body = TestJson.mapper().readTree(response.get("body").asText());
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.at("/error/code").asText()).isEqualTo("internal_error");
        assertThat(body.toString()).doesNotContain("Exception").doesNotContain("at com.");
    }
}
