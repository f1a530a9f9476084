package com.cordiul.fn.sipmediaapplication;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.chime.ThrottleRetry;
import com.cordiul.core.Json;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.voice.RegisteredSma;
import com.cordiul.local.voice.SmaRegistry;
import com.cordiul.local.voice.VoiceSimulator;
import com.cordiul.logging.Log;
import com.cordiul.provisioning.CustomResourceRunner;
import com.cordiul.provisioning.ResponseUrlClient;
import com.cordiul.provisioning.SipMediaApplicationProvisioner;
import com.cordiul.provisioning.SipMediaApplicationResource;
import com.cordiul.testing.InvocationContext;
import com.cordiul.testing.ResponseUrlServer;
import com.cordiul.testing.SilentEndpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/**
 * The provider function end to end: the sample events of {@code events/}, the real Chime SDK Voice client against
 * the voice simulator, and the answer received on the wire by a local stand-in for the pre-signed ResponseURL.
 */
class SipMediaApplicationHandlerTest {

    private static final String SIGNATURE = "X-Amz-Signature=5ec12e7";
    private static final String FUNCTION_NAME = "cordiul-SipMediaApplicationFunction";
    /** The log stream of {@link InvocationContext}'s version 7: CloudFormation's Reason points at it. */
    private static final String LOG_STREAM = "2026/03/01/[7]0123456789abcdef";
    private static final String CALL_STATUS = "arn:aws:lambda:us-east-1:123456789012:function:cordiul-CallStatus:live";
    private static final String WEST_CALL_STATUS =
            "arn:aws:lambda:us-west-2:123456789012:function:cordiul-CallStatus:live";

    private VoiceSimulator chime;
    private ResponseUrlServer cloudFormation;
    private final List<ChimeSdkVoiceClient> clients = new ArrayList<>();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    /** One answer: what the handler returned and what CloudFormation received. */
    private record Answer(Map<String, Object> document, ResponseUrlServer.Received put) {

        Object get(String field) {
            return document.get(field);
        }

        String physicalId() {
            return (String) document.get("PhysicalResourceId");
        }
    }

    @BeforeEach
    void start() {
        chime = new VoiceSimulator().start(0);
        cloudFormation = ResponseUrlServer.start();
        Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        Log.redirect(System.out);
        clients.forEach(ChimeSdkVoiceClient::close);
        cloudFormation.close();
        chime.close();
    }

    private ChimeSdkVoiceClient client(URI endpoint, String region) {
        ChimeSdkVoiceClient client = ChimeSdkVoiceClient.builder().region(Region.of(region))
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(10)))
                .build();
        clients.add(client);
        return client;
    }

    private SipMediaApplicationHandler handler(Function<String, ChimeSdkVoiceClient> clientForRegion) {
        SipMediaApplicationProvisioner provisioner = new SipMediaApplicationProvisioner(clientForRegion,
                new ThrottleRetry(3, n -> Duration.ZERO, d -> { }));
        return new SipMediaApplicationHandler(new CustomResourceRunner(
                new SipMediaApplicationResource(provisioner, "us-east-1"), ResponseUrlClient.standard(),
                Duration.ofSeconds(1)));
    }

    private SipMediaApplicationHandler handler() {
        return handler(region -> client(chime.endpoint(), region));
    }

    /** Runs one sample event (edited), with that much time left; returns the one answer it put. */
    private Answer invoke(SipMediaApplicationHandler handler, String sample, Consumer<Map<String, Object>> edit,
                          Duration remaining) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) Json.parse(
                Files.readAllBytes(RepositoryRoot.find().resolve("events/sip-media-application-" + sample + ".json")));
        event.put("ResponseURL", cloudFormation.url("answers/" + event.get("RequestId") + "?X-Amz-Date=1&"
                + SIGNATURE).toString());
        edit.accept(event);
        int before = cloudFormation.received().size();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), output,
                InvocationContext.endingIn(remaining, "lambda-request-1", FUNCTION_NAME));
        List<ResponseUrlServer.Received> puts = cloudFormation.received();
        assertThat(puts).as("exactly one answer put").hasSize(before + 1);
        ResponseUrlServer.Received put = puts.get(before);
        assertThat(put.bodyText()).isEqualTo(output.toString(StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) Json.parse(put.body());
        assertThat(document).containsEntry("RequestId", event.get("RequestId"))
                .containsEntry("StackId", event.get("StackId"))
                .containsEntry("LogicalResourceId", "CordiulSipMediaApplication");
        return new Answer(document, put);
    }

    private Answer invoke(SipMediaApplicationHandler handler, String sample, Consumer<Map<String, Object>> edit)
            throws IOException {
        return invoke(handler, sample, edit, Duration.ofSeconds(60));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> event, String which) {
        return (Map<String, Object>) event.get(which);
    }

    private static Consumer<Map<String, Object>> set(String which, String name, Object value) {
        return event -> properties(event, which).put(name, value);
    }

    private static Consumer<Map<String, Object>> endpoint(String which, String lambdaArn) {
        return set(which, "Endpoints", List.of(Map.of("LambdaArn", lambdaArn)));
    }

    private static Consumer<Map<String, Object>> physicalId(String id) {
        return event -> event.put("PhysicalResourceId", id);
    }

    private static Consumer<Map<String, Object>> requestId(String id) {
        return event -> event.put("RequestId", id);
    }

    /** The Update sample, its old properties those of the Create sample (name cordiul-calls). */
    private static Consumer<Map<String, Object>> from(String id) {
        return physicalId(id).andThen(set("OldResourceProperties", "Name", "cordiul-calls"))
                .andThen(endpoint("OldResourceProperties", CALL_STATUS)).andThen(endpoint("ResourceProperties",
                        CALL_STATUS));
    }

    private String created(SipMediaApplicationHandler handler) throws IOException {
        Answer answer = invoke(handler, "create", endpoint("ResourceProperties", CALL_STATUS));
        assertThat(answer.get("Status")).as(String.valueOf(answer.get("Reason"))).isEqualTo("SUCCESS");
        return answer.physicalId();
    }

    @Test
    void create_makesTheApplication_andAnswersItsIdAndArn_onAPutWithAnEmptyContentType() throws IOException {
        Answer answer = invoke(handler(), "create", endpoint("ResourceProperties", CALL_STATUS));

        RegisteredSma sma = chime.sipMediaApplications().all().get(0);
        assertThat(chime.sipMediaApplications().all()).hasSize(1);
        assertThat(sma.name()).isEqualTo("cordiul-calls");
        assertThat(sma.awsRegion()).isEqualTo("us-east-1");
        assertThat(sma.lambdaArn()).isEqualTo(CALL_STATUS);
        assertThat(answer.get("Status")).isEqualTo("SUCCESS");
        assertThat(answer.physicalId()).isEqualTo(sma.id());
        assertThat(answer.get("Data")).isEqualTo(Map.of("SipMediaApplicationId", sma.id(),
                "SipMediaApplicationArn", sma.arn()));
        assertThat(answer.put().method()).isEqualTo("PUT");
        assertThat(answer.put().target()).endsWith(SIGNATURE);
        assertThat(answer.put().header("Content-Type")).containsExactly("");
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("sip media application created")
                .doesNotContain(SIGNATURE).doesNotContain("answers/");
    }

    @Test
    void aRepeatedCreate_answersTheSameApplication_andNeverMakesASecond() throws IOException {
        SipMediaApplicationHandler handler = handler();
        String first = created(handler);

        Answer again = invoke(handler, "create", endpoint("ResourceProperties", CALL_STATUS));

        assertThat(again.get("Status")).isEqualTo("SUCCESS");
        assertThat(again.physicalId()).isEqualTo(first);
        assertThat(chime.sipMediaApplications().all()).singleElement()
                .satisfies(s -> assertThat(s.id()).isEqualTo(first));
    }

    @Test
    void aCreateChimeRefuses_isAnsweredFailed_withChimesReason_andTheDeleteOfItsPhysicalIdSucceeds()
            throws IOException {
        SipMediaApplicationHandler handler = handler();
        Consumer<Map<String, Object>> badName = set("ResourceProperties", "Name", "no/slashes")
                .andThen(endpoint("ResourceProperties", CALL_STATUS));

        Answer refused = invoke(handler, "create", badName);

        assertThat(refused.get("Status")).isEqualTo("FAILED");
        assertThat((String) refused.get("Reason")).contains("CreateSipMediaApplication", "BadRequestException",
                "HTTP 400", "Name must be");
        assertThat(refused.physicalId()).startsWith(CustomResourceRunner.FAILED_CREATE_PREFIX);
        assertThat(chime.sipMediaApplications().all()).isEmpty();

        Answer rollback = invoke(handler, "delete", badName.andThen(physicalId(refused.physicalId())));

        assertThat(rollback.get("Status")).isEqualTo("SUCCESS");
        assertThat(rollback.physicalId()).isEqualTo(refused.physicalId());
    }

    @Test
    void aCreateBeyondTheQuota_isAnsweredFailed_withChimesLimitError() throws IOException {
        for (int i = 0; i < SmaRegistry.MAX_PER_REGION; i++) {
            chime.sipMediaApplications().create("us-east-1", "other-" + i, List.of(CALL_STATUS));
        }

        Answer refused = invoke(handler(), "create", endpoint("ResourceProperties", CALL_STATUS));

        assertThat(refused.get("Status")).isEqualTo("FAILED");
        assertThat((String) refused.get("Reason")).contains("ResourceLimitExceededException");
        assertThat(chime.sipMediaApplications().all()).hasSize(SmaRegistry.MAX_PER_REGION);
    }

    @Test
    void theDeleteOfAFailedCreate_removesAnApplicationTheFailedAttemptLeftBehind() throws IOException {
        // As if the Create had made it, then timed out before answering: it was answered FAILED.
        chime.sipMediaApplications().create("us-east-1", "cordiul-calls", List.of(CALL_STATUS));
        RegisteredSma unrelated = chime.sipMediaApplications().create("us-east-1", "cordiul-calls",
                List.of("arn:aws:lambda:us-east-1:123456789012:function:another-stack:live"));

        Answer rollback = invoke(handler(), "delete", endpoint("ResourceProperties", CALL_STATUS)
                .andThen(physicalId(CustomResourceRunner.FAILED_CREATE_PREFIX + "4f2b8e1c")));

        assertThat(rollback.get("Status")).isEqualTo("SUCCESS");
        assertThat(chime.sipMediaApplications().all()).containsExactly(unrelated);
    }

    @Test
    void delete_removesTheApplication_andTheDeleteOfOneAlreadyGoneSucceeds() throws IOException {
        SipMediaApplicationHandler handler = handler();
        String id = created(handler);

        Answer deleted = invoke(handler, "delete", physicalId(id).andThen(endpoint("ResourceProperties",
                CALL_STATUS)));
        Answer again = invoke(handler, "delete", physicalId(id).andThen(requestId("second-delete")));

        assertThat(deleted.get("Status")).isEqualTo("SUCCESS");
        assertThat(deleted.physicalId()).isEqualTo(id);
        assertThat(chime.sipMediaApplications().all()).isEmpty();
        assertThat(again.get("Status")).isEqualTo("SUCCESS");
        assertThat(again.physicalId()).isEqualTo(id);
    }

    @Test
    void anUpdateOfTheNameOrTheEndpoint_changesTheApplicationInPlace() throws IOException {
        SipMediaApplicationHandler handler = handler();
        String id = created(handler);
        String otherAlias = "arn:aws:lambda:us-east-1:123456789012:function:cordiul-CallStatus:blue";

        Answer renamed = invoke(handler, "update", from(id).andThen(set("ResourceProperties", "Name",
                "cordiul-calls-renamed")));
        Answer repointed = invoke(handler, "update", from(id).andThen(set("OldResourceProperties", "Name",
                "cordiul-calls-renamed")).andThen(set("ResourceProperties", "Name", "cordiul-calls-renamed"))
                .andThen(endpoint("ResourceProperties", otherAlias)));

        assertThat(renamed.get("Status")).isEqualTo("SUCCESS");
        assertThat(renamed.physicalId()).isEqualTo(id);
        assertThat(repointed.physicalId()).isEqualTo(id);
        assertThat(repointed.get("Data")).isEqualTo(Map.of("SipMediaApplicationId", id,
                "SipMediaApplicationArn", "arn:aws:chime:us-east-1:123456789012:sma/" + id));
        assertThat(chime.sipMediaApplications().all()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(id);
            assertThat(s.name()).isEqualTo("cordiul-calls-renamed");
            assertThat(s.lambdaArn()).isEqualTo(otherAlias);
        });
    }

    @Test
    void anUpdateThatChangesTheRegion_makesANewApplication_underANewPhysicalId_thenTheOldOneIsDeleted()
            throws IOException {
        SipMediaApplicationHandler handler = handler();
        String east = created(handler);

        Answer moved = invoke(handler, "update", from(east).andThen(set("ResourceProperties", "AwsRegion",
                "us-west-2")).andThen(endpoint("ResourceProperties", WEST_CALL_STATUS)));

        assertThat(moved.get("Status")).isEqualTo("SUCCESS");
        assertThat(moved.physicalId()).isNotEqualTo(east);
        assertThat(chime.sipMediaApplications().find(moved.physicalId())).hasValueSatisfying(s -> {
            assertThat(s.awsRegion()).isEqualTo("us-west-2");
            assertThat(s.lambdaArn()).isEqualTo(WEST_CALL_STATUS);
        });
        assertThat(chime.sipMediaApplications().find(east)).isPresent();

        // CloudFormation's clean-up: a Delete of the old physical id, with the old properties.
        Answer cleanup = invoke(handler, "delete", physicalId(east).andThen(endpoint("ResourceProperties",
                CALL_STATUS)));

        assertThat(cleanup.get("Status")).isEqualTo("SUCCESS");
        assertThat(chime.sipMediaApplications().all()).extracting(RegisteredSma::id)
                .containsExactly(moved.physicalId());
    }

    @Test
    void anUpdateOfAnApplicationDeletedMeanwhile_makesANewOne() throws IOException {
        SipMediaApplicationHandler handler = handler();
        String id = created(handler);
        chime.sipMediaApplications().delete(id);

        Answer recreated = invoke(handler, "update", from(id).andThen(set("ResourceProperties", "Name", "again")));

        assertThat(recreated.get("Status")).isEqualTo("SUCCESS");
        assertThat(recreated.physicalId()).isNotEqualTo(id);
        assertThat(chime.sipMediaApplications().all()).singleElement()
                .satisfies(s -> assertThat(s.name()).isEqualTo("again"));
    }

    @Test
    void whenChimeHangs_theWatchdogAnswersFailed_beforeTheFunctionsOwnTimeout() throws IOException {
        try (SilentEndpoint hanging = SilentEndpoint.start()) {
            Answer answer = invoke(handler(region -> client(hanging.endpoint(), region)), "create",
                    endpoint("ResourceProperties", CALL_STATUS), Duration.ofSeconds(3));

            assertThat(answer.get("Status")).isEqualTo("FAILED");
            assertThat((String) answer.get("Reason")).contains("did not finish", LOG_STREAM);
            assertThat(answer.physicalId()).startsWith(CustomResourceRunner.FAILED_CREATE_PREFIX);
            assertThat(hanging.connections()).isPositive();
        }
    }

    @Test
    void whenChimeCannotBeReached_theRequestIsAnsweredFailed() throws IOException {
        Answer answer = invoke(handler(region -> client(URI.create("http://127.0.0.1:9"), region)), "delete",
                endpoint("ResourceProperties", CALL_STATUS));

        assertThat(answer.get("Status")).isEqualTo("FAILED");
        assertThat((String) answer.get("Reason")).contains("did not answer DeleteSipMediaApplication");
        assertThat(answer.physicalId()).isEqualTo("0f8e7d6c-5b4a-4938-a271-605f4e3d2c1b");
    }

    @Test
    void whenItsOwnCodeThrows_theAnswerIsFailed_withoutTheMessageOrAStackTrace() throws IOException {
        Answer answer = invoke(handler(region -> {
            throw new IllegalStateException("internal detail");
        }), "create", endpoint("ResourceProperties", CALL_STATUS));

        assertThat(answer.get("Status")).isEqualTo("FAILED");
        assertThat((String) answer.get("Reason")).contains("IllegalStateException", LOG_STREAM)
                .doesNotContain("internal detail", "\tat ");
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("internal detail");
    }

    @Test
    void missingPropertiesOrAnUnknownRequestType_areAnsweredFailed_andChangeNothing() throws IOException {
        Answer noName = invoke(handler(), "create", event -> properties(event, "ResourceProperties").remove("Name"));
        Answer noEndpoint = invoke(handler(), "create", set("ResourceProperties", "Endpoints", List.of()));
        Answer unknown = invoke(handler(), "create", event -> event.put("RequestType", "Replace"));

        assertThat(noName.get("Reason")).isEqualTo("ResourceProperties.Name is required and must be a string");
        assertThat((String) noEndpoint.get("Reason")).contains("ResourceProperties.Endpoints");
        assertThat(unknown.get("Reason")).isEqualTo("Unknown RequestType 'Replace'");
        assertThat(List.of(noName, noEndpoint, unknown)).allSatisfy(a -> assertThat(a.get("Status"))
                .isEqualTo("FAILED"));
        assertThat(chime.sipMediaApplications().all()).isEmpty();
    }
}
