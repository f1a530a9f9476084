package com.cordiul.e2e;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers API Gateway gives itself, before or instead of a function, as template.yaml's {@code GatewayResponses}
 * render them: used to tell those answers (which carry no rate-limit headers) from a function's. An answer is taken
 * for the gateway's when its error code and message are those of a gateway response; a response whose message is
 * API Gateway's own text ({@code $context.error.messageString}) matches on its code alone.
 */
public final class GatewayAnswers {

    private static final String VARIABLE = "\u0000variable\u0000";

    private record Answer(String code, String message) {
    }

    private final List<Answer> answers;

    private GatewayAnswers(List<Answer> answers) {
        this.answers = List.copyOf(answers);
    }

    /** The gateway responses of the repository's template.yaml. */
    public static GatewayAnswers load() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectMapper json = new ObjectMapper();
        List<Answer> answers = new ArrayList<>();
        try {
            JsonNode template = yaml.readTree(RepositoryRoot.find().resolve("template.yaml").toFile());
            for (JsonNode resource : template.path("Resources")) {
                for (JsonNode response : resource.path("Properties").path("GatewayResponses")) {
                    String body = response.path("ResponseTemplates").path("application/json").asText("");
                    if (body.isEmpty()) {
                        continue;
                    }
                    JsonNode error = json.readTree(body.replace("$context.error.messageString",
                            json.writeValueAsString(VARIABLE)).replace("$context.requestId", "r")).path("error");
                    answers.add(new Answer(error.path("code").asText(), error.path("message").asText()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (answers.isEmpty()) {
            throw new IllegalStateException("template.yaml declares no gateway responses");
        }
        return new GatewayAnswers(answers);
    }

    /** Whether an error body is one API Gateway renders itself. */
    public boolean isGatewayAnswer(JsonNode body) {
        JsonNode error = body.path("error");
        if (!error.isObject()) {
            return false;
        }
        String code = error.path("code").asText();
        String message = error.path("message").asText();
        return answers.stream().anyMatch(a -> a.code().equals(code)
                && (a.message().equals(VARIABLE) || a.message().equals(message)));
    }
}
