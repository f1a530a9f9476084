package com.cordiul.local.runner.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.core.Environment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Test provider of custom resources: writes every invocation (its Lambda request id and its event) as a line of
 * the file {@code JOURNAL} names, then answers on the event's ResponseURL as its {@code Behaviour} property says:
 * {@code succeed} (the default), {@code fail} (FAILED with the {@code Reason} property), {@code crash-twice} (throws
 * on the first two attempts of an invocation, then succeeds), {@code silent} (returns without answering). A Create
 * names the resource {@code <Name>-<request id>}; an Update with {@code Replace: "true"} that renames it names it
 * anew (a replacement), any other keeps its physical id. {@code Data} holds {@code Id} and {@code Name}.
 */
public class CustomResourceHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        Path journal = Path.of(Environment.get("JOURNAL").orElseThrow());
        int earlier = attemptsSoFar(journal, context.getAwsRequestId());
        ObjectNode line = JSON.createObjectNode().put("invocation", context.getAwsRequestId());
        line.set("event", event);
        synchronized (CustomResourceHandler.class) {
            Files.writeString(journal, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        JsonNode properties = event.path("ResourceProperties");
        String behaviour = properties.path("Behaviour").asText("succeed");
        String type = event.path("RequestType").asText();
        if ("crash-twice".equals(behaviour) && earlier < 2) {
            throw new IllegalStateException("crash number " + (earlier + 1));
        }
        if ("silent".equals(behaviour)) {
            output.write("{}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        boolean fails = "fail".equals(behaviour) && !"Delete".equals(type);
        String physicalId = physicalId(event, type, fails);
        ObjectNode answer = JSON.createObjectNode().put("Status", fails ? "FAILED" : "SUCCESS")
                .put("Reason", fails ? properties.path("Reason").asText() : "")
                .put("PhysicalResourceId", physicalId).put("StackId", event.path("StackId").asText())
                .put("RequestId", event.path("RequestId").asText())
                .put("LogicalResourceId", event.path("LogicalResourceId").asText());
        answer.putObject("Data").put("Id", physicalId).put("Name", properties.path("Name").asText());
        put(URI.create(event.path("ResponseURL").asText()), JSON.writeValueAsBytes(answer));
        output.write("{}".getBytes(StandardCharsets.UTF_8));
    }

    private static String physicalId(JsonNode event, String type, boolean fails) {
        String named = event.path("ResourceProperties").path("Name").asText() + "-"
                + event.path("RequestId").asText().substring(0, 8);
        if ("Create".equals(type)) {
            return fails ? "failed-" + event.path("RequestId").asText() : named;
        }
        boolean renamed = !event.path("ResourceProperties").path("Name")
                .equals(event.path("OldResourceProperties").path("Name"));
        if ("Update".equals(type) && renamed && !fails
                && "true".equals(event.path("ResourceProperties").path("Replace").asText())) {
            return named;
        }
        return event.path("PhysicalResourceId").asText();
    }

    private static int attemptsSoFar(Path journal, String invocation) throws IOException {
        if (!Files.exists(journal)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        return (int) lines.stream().filter(l -> l.contains("\"invocation\":\"" + invocation + "\"")).count();
    }

    private static void put(URI url, byte[] body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", "")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new IOException("The ResponseURL answered " + status);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }
}
