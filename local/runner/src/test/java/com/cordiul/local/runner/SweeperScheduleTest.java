package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.voice.ChimeQuotas;
import com.cordiul.local.voice.playout.PlayoutTiming;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's template under the whole local cloud (as {@code ./dev} runs it): the stale-call sweeper runs on
 * its own {@code SweepSchedule}, here 300 times faster ({@code rate(5 minutes)} every second, as
 * {@code ./dev --schedule-scale 300} would), and settles a call Chime never confirmed, with nobody invoking it.
 */
class SweeperScheduleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The voice simulator accepts this dial and never sends an event for it. */
    private static final String SILENT_NUMBER = "+12025550104";

    @TempDir
    static Path dir;

    private static LocalCloud cloud;
    private static String key;

    @BeforeAll
    static void start() {
        LocalOptions options = LocalOptions.defaults(RepositoryRoot.find().resolve("template.yaml"))
                .withWorkDir(dir.resolve("work")).withRunnerLog(dir.resolve("runner.log"))
                .withParameter("DefaultFromNumber", "+12025550199").withParameter("StaleInitiatingSeconds", "1")
                .withScheduleScale(300);
        cloud = LocalCloud.start(options, PlayoutTiming.scaled(0.01), ChimeQuotas.chimeDefaults());
        key = Main.firstKey(cloud.stack(), dir.resolve("api-key"), true, new LayerFirstKey()).split(" ")[0];
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void sweeper_runsOnItsSchedule_andFailsTheCallChimeNeverConfirmed() throws Exception {
        assertThat(cloud.stack().eventSources().schedules()).filteredOn(s -> s.functionId()
                .equals("StaleCallSweeperFunction")).singleElement().satisfies(s -> {
                    assertThat(s.expression()).isEqualTo("rate(5 minutes)");
                    assertThat(s.enabled()).isTrue();
                    assertThat(s.resourceArn())
                            .isEqualTo("arn:aws:events:us-east-1:123456789012:rule/StaleCallSweeperFunctionSweep");
                });
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(cloud.stack().url()
                + "/api/calls/create")).header("x-api-key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"contact_id\":\"contact_sweep\",\"phone_number\":\""
                        + SILENT_NUMBER + "\"}")));
        assertThat(created.statusCode()).as(created.body()).isIn(201, 202);
        String id = JSON.readTree(created.body()).path("data").path("id").asText();

        JsonNode[] call = new JsonNode[1];
        Await.until("the sweeper, on its schedule, fails call " + id, () -> {
            call[0] = get(id);
            return "failed".equals(call[0].path("status").asText());
        }, () -> String.valueOf(call[0]));
        assertThat(call[0].path("reason").asText()).isEqualTo("The telephony service never confirmed the call.");
        assertThat(cloud.stack().eventSources().schedules()).filteredOn(s -> s.functionId()
                .equals("StaleCallSweeperFunction")).singleElement()
                .satisfies(s -> assertThat(s.invocations()).isPositive());
    }

    private static JsonNode get(String id) {
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(cloud.stack().url()
                    + "/api/calls/" + id)).header("x-api-key", key).GET());
            return JSON.readTree(response.body()).path("data");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
