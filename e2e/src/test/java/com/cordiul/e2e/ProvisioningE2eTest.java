package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.NewApiKey;
import com.cordiul.local.cloudformation.CustomResourceFailedException;
import com.cordiul.local.cloudformation.CustomResourceProvisioner.Action;
import com.cordiul.local.cloudformation.CustomResourceProvisioner.Outcome;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.runner.LocalCloud;
import com.cordiul.local.runner.LocalOptions;
import com.cordiul.local.runner.LocalStack;
import com.cordiul.local.voice.AcceptedDial;
import com.cordiul.local.voice.ReceivedRequest;
import com.cordiul.local.voice.RegisteredSma;
import com.cordiul.local.voice.SmaRegistry;
import com.cordiul.local.voice.playout.PlayoutTiming;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./dev}'s path, end to end with the repository's template, the real provider ({@code
 * SipMediaApplicationFunction}) and the voice simulator: the SIP media application is made through the
 * custom-resource protocol at start, the dialer dials through it, a restart with the same data sends nothing and
 * finds it again, a changed property updates it, a refusal fails the start with Chime's reason, and a given
 * {@code ExistingSipMediaApplicationId} is used instead of making one.
 */
class ProvisioningE2eTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final String SMA = "CordiulSipMediaApplication";
    private static final String FROM = "+12025550199";
    private static final String CALL_STATUS_ALIAS =
            "arn:aws:lambda:us-east-1:123456789012:function:CallStatusFunction:live";
    private static final PlayoutTiming TIMING = PlayoutTiming.scaled(0.005)
            .withInvocationLimits(Duration.ofSeconds(10), Duration.ofSeconds(40));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Dynalite dynalite;

    @TempDir
    static Path work;

    @BeforeAll
    static void store() {
        ProcessOutput.install();
        dynalite = Dynalite.startInMemory();
    }

    @AfterAll
    static void stop() {
        dynalite.close();
    }

    private static LocalCloud start(Path template, Path state, Map<String, String> parameters) {
        LocalOptions options = LocalOptions.defaults(template).withDynamoEndpoint(dynalite.endpoint())
                .withWorkDir(work.resolve("functions")).withStateDir(state).withParameter("DefaultFromNumber", FROM)
                .withInitTimeout(Duration.ofSeconds(30));
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            options = options.withParameter(p.getKey(), p.getValue());
        }
        return LocalCloud.start(options, TIMING);
    }

    /**
     * The repository's template with one text replaced, in a folder of its own: its artifacts are named by absolute
     * paths, so that it deploys the repository's build. What a developer does who edits template.yaml.
     */
    private static Path editedTemplate(String name, String from, String to) throws IOException {
        String yaml = Files.readString(ROOT.resolve("template.yaml"));
        assertThat(yaml).contains(from);
        yaml = yaml.replace("CodeUri: functions/", "CodeUri: " + ROOT.resolve("functions") + "/")
                .replace("ContentUri: layers/", "ContentUri: " + ROOT.resolve("layers") + "/").replace(from, to);
        Path dir = Files.createDirectories(work.resolve(name));
        return Files.writeString(dir.resolve("template.yaml"), yaml);
    }

    private static Outcome outcome(LocalCloud cloud) {
        return cloud.stack().provisioned().stream().filter(o -> o.logicalId().equals(SMA)).findFirst().orElseThrow();
    }

    private static List<String> applicationRequests(LocalCloud cloud) {
        return cloud.voice().received().stream().map(ProvisioningE2eTest::describe)
                .filter(r -> r.contains("/sip-media-applications") && !r.endsWith("/calls")).toList();
    }

    /** Places a call through the API and returns the dial the simulator accepted for it. */
    private static AcceptedDial placeCall(LocalCloud cloud) throws Exception {
        String table = cloud.stack().environment("CreateApiKeyFunction").get("API_KEYS_TABLE");
        String key;
        try (DynamoDbClient dynamoDb = cloud.stack().dynamoDb()) {
            key = ApiKeyService.over(dynamoDb, table).issue(SharedCloud.newOwner("provisioning"),
                    NewApiKey.of("provisioning", List.of("calls:write"))).key();
        }
        int before = cloud.voice().accepted().size();
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(cloud.stack().url()
                + "/api/calls/create")).header("x-api-key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"contact_id\":\"contact_1\",\"phone_number\":\""
                        + TestNumbers.next() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        // The dialer places it from the queue, through the stack's application.
        Deadline.await("the call to be dialed", () -> cloud.voice().accepted().size(), n -> n > before);
        assertThat(cloud.voice().accepted()).hasSize(before + 1);
        return cloud.voice().accepted().get(before);
    }

    @Test
    void theSipMediaApplication_isMadeByItsProvider_keptAcrossRestarts_andUpdatedWhenItsPropertiesChange()
            throws Exception {
        Path state = Files.createDirectories(work.resolve("state-restarts"));
        Path template = ROOT.resolve("template.yaml");
        String id;
        try (LocalCloud cloud = start(template, state, Map.of())) {
            assertThat(outcome(cloud).action()).isEqualTo(Action.CREATED);
            RegisteredSma sma = cloud.voice().sipMediaApplications().all().get(0);
            assertThat(cloud.voice().sipMediaApplications().all()).hasSize(1);
            id = sma.id();
            assertThat(outcome(cloud).physicalResourceId()).isEqualTo(id);
            assertThat(sma.lambdaArn()).isEqualTo(CALL_STATUS_ALIAS);
            assertThat(sma.name()).isEqualTo("cordiul-local-calls");
            assertThat(sma.awsRegion()).isEqualTo("us-east-1");
            assertThat(applicationRequests(cloud)).contains("POST /sip-media-applications");
            assertThat(cloud.stack().environment("DialerFunction")).containsEntry("SIP_MEDIA_APPLICATION_ID", id);
            assertThat(cloud.stack().stack().outputs()).containsEntry("SipMediaApplicationId", id)
                    .containsEntry("SipMediaApplicationArn", sma.arn());
            assertThat(placeCall(cloud).sipMediaApplicationId()).isEqualTo(id);
        }
        assertThat(state.resolve(LocalCloud.SIP_MEDIA_APPLICATIONS)).isRegularFile();
        assertThat(state.resolve(LocalStack.CUSTOM_RESOURCE_STATE)).isRegularFile();

        try (LocalCloud restarted = start(template, state, Map.of())) {
            assertThat(outcome(restarted).action()).isEqualTo(Action.UNCHANGED);
            assertThat(outcome(restarted).physicalResourceId()).isEqualTo(id);
            assertThat(applicationRequests(restarted)).as("nothing sent to the provider, so nothing to Chime")
                    .isEmpty();
            assertThat(restarted.voice().sipMediaApplications().all()).extracting(RegisteredSma::id)
                    .containsExactly(id);
            assertThat(restarted.stack().environment("DialerFunction"))
                    .containsEntry("SIP_MEDIA_APPLICATION_ID", id);
            assertThat(placeCall(restarted).sipMediaApplicationId()).isEqualTo(id);
        }

        Path renamed = editedTemplate("renamed", "${AWS::StackName}-calls", "${AWS::StackName}-dialer");
        try (LocalCloud updated = start(renamed, state, Map.of())) {
            assertThat(outcome(updated).action()).isEqualTo(Action.UPDATED);
            assertThat(applicationRequests(updated)).contains("PUT /sip-media-applications/" + id)
                    .doesNotContain("POST /sip-media-applications");
            assertThat(updated.voice().sipMediaApplications().all()).singleElement().satisfies(sma -> {
                assertThat(sma.id()).isEqualTo(id);
                assertThat(sma.name()).isEqualTo("cordiul-local-dialer");
            });
            assertThat(updated.stack().environment("DialerFunction")).containsEntry("SIP_MEDIA_APPLICATION_ID",
                    id);
        }
    }

    @Test
    void aRefusalOfTheProvider_failsTheStart_withChimesReason() throws Exception {
        Path state = Files.createDirectories(work.resolve("state-refused"));
        Path refused = editedTemplate("refused", "${AWS::StackName}-calls", "${AWS::StackName}/calls");
        assertThatThrownBy(() -> start(refused, state, Map.of()).close())
                .isInstanceOfSatisfying(CustomResourceFailedException.class, e -> {
                    assertThat(e.logicalId()).isEqualTo(SMA);
                    assertThat(e.reason()).contains("Chime SDK Voice refused CreateSipMediaApplication",
                            "Name must be 1-256 characters");
                })
                .hasMessageStartingWith(SMA + " (Custom::SipMediaApplication): Create FAILED: ");
        assertThat(SmaRegistry.persistedIn(state.resolve(LocalCloud.SIP_MEDIA_APPLICATIONS)).all()).isEmpty();
    }

    /**
     * A given application is used and none is made; the stack's own one, made before the parameter was set, leaves
     * the stack and is deleted by its provider, although the same condition leaves the provider out too.
     */
    @Test
    void anExistingSipMediaApplication_isUsed_andTheStacksOwnIsDeleted() throws Exception {
        Path state = Files.createDirectories(work.resolve("state-existing"));
        String own;
        try (LocalCloud first = start(ROOT.resolve("template.yaml"), state, Map.of())) {
            own = outcome(first).physicalResourceId();
        }
        String existing = SmaRegistry.persistedIn(state.resolve(LocalCloud.SIP_MEDIA_APPLICATIONS))
                .create("us-east-1", "made-by-hand", List.of(CALL_STATUS_ALIAS)).id();
        try (LocalCloud cloud = start(ROOT.resolve("template.yaml"), state,
                Map.of("ExistingSipMediaApplicationId", existing))) {
            assertThat(cloud.stack().provisioned()).singleElement().satisfies(o -> {
                assertThat(o.logicalId()).isEqualTo(SMA);
                assertThat(o.action()).isEqualTo(Action.DELETED);
                assertThat(o.physicalResourceId()).isEqualTo(own);
            });
            assertThat(applicationRequests(cloud)).containsExactly("DELETE /sip-media-applications/" + own);
            assertThat(cloud.voice().sipMediaApplications().all()).extracting(RegisteredSma::id)
                    .containsExactly(existing);
            assertThat(cloud.stack().environment("DialerFunction"))
                    .containsEntry("SIP_MEDIA_APPLICATION_ID", existing);
            assertThat(placeCall(cloud).sipMediaApplicationId()).isEqualTo(existing);
        }
        try (LocalCloud again = start(ROOT.resolve("template.yaml"), state,
                Map.of("ExistingSipMediaApplicationId", existing))) {
            assertThat(again.stack().provisioned()).isEmpty();
            assertThat(applicationRequests(again)).isEmpty();
        }
    }

    private static String describe(ReceivedRequest request) {
        return request.method() + " " + request.path();
    }
}
