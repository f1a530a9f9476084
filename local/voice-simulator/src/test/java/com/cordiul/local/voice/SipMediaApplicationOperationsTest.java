package com.cordiul.local.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.BadRequestException;
import software.amazon.awssdk.services.chimesdkvoice.model.CreateSipMediaApplicationRequest;
import software.amazon.awssdk.services.chimesdkvoice.model.ListSipMediaApplicationsResponse;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.chimesdkvoice.model.SipMediaApplication;
import software.amazon.awssdk.services.chimesdkvoice.model.SipMediaApplicationEndpoint;

/** The SIP media application operations, driven by the real ChimeSdkVoiceClient over the wire. */
class SipMediaApplicationOperationsTest {

    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:cordiul-CallStatus:live";
    private static final String OTHER_ARN = "arn:aws:lambda:us-east-1:123456789012:function:cordiul-Other";

    @TempDir
    Path dir;

    private VoiceSimulator simulator;
    private ChimeSdkVoiceClient chime;

    @BeforeEach
    void start() {
        simulator = new VoiceSimulator().start(0);
        chime = VoiceSimulatorTest.client(simulator, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        chime.close();
        simulator.close();
    }

    private static CreateSipMediaApplicationRequest create(String name, String region, String... lambdaArns) {
        List<SipMediaApplicationEndpoint> endpoints = new ArrayList<>();
        for (String arn : lambdaArns) {
            endpoints.add(SipMediaApplicationEndpoint.builder().lambdaArn(arn).build());
        }
        return CreateSipMediaApplicationRequest.builder().name(name).awsRegion(region).endpoints(endpoints).build();
    }

    @Test
    void create_answersTheNewApplication_whichGetAndListThenDescribe() {
        SipMediaApplication created = chime.createSipMediaApplication(create("cordiul-calls", "us-east-1", ARN))
                .sipMediaApplication();

        assertThat(created.sipMediaApplicationId()).matches("[0-9a-f-]{36}");
        assertThat(created.sipMediaApplicationArn())
                .isEqualTo("arn:aws:chime:us-east-1:123456789012:sma/" + created.sipMediaApplicationId());
        assertThat(created.name()).isEqualTo("cordiul-calls");
        assertThat(created.awsRegion()).isEqualTo("us-east-1");
        assertThat(created.endpoints()).extracting(SipMediaApplicationEndpoint::lambdaArn).containsExactly(ARN);
        assertThat(created.createdTimestamp()).isEqualTo(created.updatedTimestamp()).isNotNull();
        assertThat(chime.getSipMediaApplication(b -> b.sipMediaApplicationId(created.sipMediaApplicationId()))
                .sipMediaApplication()).isEqualTo(created);
        assertThat(chime.listSipMediaApplications(b -> { }).sipMediaApplications()).containsExactly(created);
        assertThat(simulator.sipMediaApplications().all()).extracting(RegisteredSma::id)
                .containsExactly(created.sipMediaApplicationId());
        assertThat(simulator.dials()).isZero();
    }

    @Test
    void badNamesEndpointsAndRegions_areBadRequests_andCreateNothing() {
        List<CreateSipMediaApplicationRequest> bad = List.of(
                create("", "us-east-1", ARN),
                create("x".repeat(257), "us-east-1", ARN),
                create("no/slashes", "us-east-1", ARN),
                create("cordiul-calls", "us-east-1"),
                create("cordiul-calls", "us-east-1", ARN, OTHER_ARN),
                create("cordiul-calls", "us-east-1", "not-an-arn"),
                create("cordiul-calls", "us-east-1", "arn:aws:sqs:us-east-1:123456789012:queue"),
                create("cordiul-calls", "us-west-2", ARN),
                create("cordiul-calls", "nowhere", ARN),
                create("cordiul-calls", "us-east-1", ARN).toBuilder().name(null).build(),
                create("cordiul-calls", "us-east-1", ARN).toBuilder().awsRegion(null).build());
        for (var request : bad) {
            assertThatThrownBy(() -> chime.createSipMediaApplication(request)).as(request.toString())
                    .isInstanceOfSatisfying(BadRequestException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage()).isNotBlank();
                    });
        }
        assertThat(chime.listSipMediaApplications(b -> { }).sipMediaApplications()).isEmpty();
    }

    @Test
    void aNameOf256AllowedCharacters_isAccepted() {
        String name = "Aa0 _.-".repeat(36) + "abcd";
        assertThat(name).hasSize(256);
        assertThat(chime.createSipMediaApplication(create(name, "us-east-1", ARN)).sipMediaApplication().name())
                .isEqualTo(name);
    }

    @Test
    void theThirtyFirstApplicationOfARegion_isRefused_butAnotherRegionStillHasRoom() {
        for (int i = 0; i < SmaRegistry.MAX_PER_REGION; i++) {
            chime.createSipMediaApplication(create("sma-" + i, "us-east-1", ARN));
        }
        assertThatThrownBy(() -> chime.createSipMediaApplication(create("one-too-many", "us-east-1", ARN)))
                .isInstanceOfSatisfying(ResourceLimitExceededException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(chime.createSipMediaApplication(create("west", "us-west-2",
                "arn:aws:lambda:us-west-2:123456789012:function:f")).sipMediaApplication().awsRegion())
                .isEqualTo("us-west-2");
        assertThat(simulator.sipMediaApplications().all()).hasSize(SmaRegistry.MAX_PER_REGION + 1);
    }

    @Test
    void update_renamesAndRepointsInPlace_keepingIdRegionAndCreationTime() {
        SipMediaApplication created = chime.createSipMediaApplication(create("before", "us-east-1", ARN))
                .sipMediaApplication();
        String id = created.sipMediaApplicationId();

        SipMediaApplication renamed = chime.updateSipMediaApplication(b -> b.sipMediaApplicationId(id)
                .name("after")).sipMediaApplication();
        SipMediaApplication repointed = chime.updateSipMediaApplication(b -> b.sipMediaApplicationId(id)
                .endpoints(SipMediaApplicationEndpoint.builder().lambdaArn(OTHER_ARN).build())).sipMediaApplication();

        assertThat(renamed.name()).isEqualTo("after");
        assertThat(renamed.endpoints().get(0).lambdaArn()).isEqualTo(ARN);
        assertThat(repointed.sipMediaApplicationId()).isEqualTo(id);
        assertThat(repointed.name()).isEqualTo("after");
        assertThat(repointed.endpoints().get(0).lambdaArn()).isEqualTo(OTHER_ARN);
        assertThat(repointed.createdTimestamp()).isEqualTo(created.createdTimestamp());
        assertThat(repointed.updatedTimestamp()).isAfterOrEqualTo(created.updatedTimestamp());
        assertThat(chime.listSipMediaApplications(b -> { }).sipMediaApplications()).containsExactly(repointed);
        assertThatThrownBy(() -> chime.updateSipMediaApplication(b -> b.sipMediaApplicationId(id).name("bad/name")))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> chime.updateSipMediaApplication(b -> b.sipMediaApplicationId(id)
                .endpoints(SipMediaApplicationEndpoint.builder()
                        .lambdaArn("arn:aws:lambda:eu-west-1:123456789012:function:f").build())))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void delete_removesTheApplication_andEveryOperationOnAnUnknownIdIsNotFound() {
        String id = chime.createSipMediaApplication(create("short-lived", "us-east-1", ARN)).sipMediaApplication()
                .sipMediaApplicationId();

        chime.deleteSipMediaApplication(b -> b.sipMediaApplicationId(id));

        assertThat(simulator.received()).last().satisfies(r -> assertThat(r.method()).isEqualTo("DELETE"));
        assertThat(chime.listSipMediaApplications(b -> { }).sipMediaApplications()).isEmpty();
        assertThatThrownBy(() -> chime.getSipMediaApplication(b -> b.sipMediaApplicationId(id)))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> chime.deleteSipMediaApplication(b -> b.sipMediaApplicationId(id)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> chime.updateSipMediaApplication(b -> b.sipMediaApplicationId(id).name("x")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void list_pagesWithMaxResultsAndNextToken_andRefusesABadPageSizeOrToken() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(chime.createSipMediaApplication(create("page-" + i, "us-east-1", ARN)).sipMediaApplication()
                    .sipMediaApplicationId());
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ListSipMediaApplicationsResponse page = chime.listSipMediaApplications(b -> b.maxResults(2)
                    .nextToken(next));
            page.sipMediaApplications().forEach(s -> seen.add(s.sipMediaApplicationId()));
            token = page.nextToken();
            pages++;
        } while (token != null);

        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(pages).isEqualTo(3);
        assertThat(chime.listSipMediaApplications(b -> b.maxResults(100)).sipMediaApplications()).hasSize(5);
        assertThatThrownBy(() -> chime.listSipMediaApplications(b -> b.maxResults(101)))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> chime.listSipMediaApplications(b -> b.nextToken("forged")))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void applicationsKeptInAFile_surviveARestart_includingTheirDeletion() throws Exception {
        Path file = dir.resolve("state/sip-media-applications.json");
        String kept;
        try (VoiceSimulator first = new VoiceSimulator().withSipMediaApplicationsIn(file).start(0);
                ChimeSdkVoiceClient client = VoiceSimulatorTest.client(first, Duration.ofSeconds(10))) {
            kept = client.createSipMediaApplication(create("kept", "us-east-1", ARN)).sipMediaApplication()
                    .sipMediaApplicationId();
            String gone = client.createSipMediaApplication(create("gone", "us-east-1", ARN)).sipMediaApplication()
                    .sipMediaApplicationId();
            client.deleteSipMediaApplication(b -> b.sipMediaApplicationId(gone));
        }
        assertThat(Files.readString(file)).contains(kept);

        try (VoiceSimulator second = new VoiceSimulator().withSipMediaApplicationsIn(file).start(0);
                ChimeSdkVoiceClient client = VoiceSimulatorTest.client(second, Duration.ofSeconds(10))) {
            assertThat(client.listSipMediaApplications(b -> { }).sipMediaApplications())
                    .extracting(SipMediaApplication::sipMediaApplicationId).containsExactly(kept);
            assertThat(client.getSipMediaApplication(b -> b.sipMediaApplicationId(kept)).sipMediaApplication()
                    .name()).isEqualTo("kept");
        }
    }

    @Test
    void anUnreadableFile_stopsTheSimulatorAtStart_ratherThanLosingTheApplications() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> new VoiceSimulator().withSipMediaApplicationsIn(file))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("broken.json");
    }

    @Test
    void anUnsignedApplicationRequest_isRefused_andCreatesNothing() {
        assertThat(Unsigned.post(simulator.endpoint().resolve("/sip-media-applications"),
                "{\"AwsRegion\":\"us-east-1\",\"Name\":\"x\",\"Endpoints\":[{\"LambdaArn\":\"" + ARN + "\"}]}"))
                .isEqualTo(403);
        assertThat(simulator.sipMediaApplications().all()).isEmpty();
    }

    @Test
    void theCallsOfAnApplication_areStillDialed_notTakenForAnApplicationOperation() {
        String id = chime.createSipMediaApplication(create("cordiul-calls", "us-east-1", ARN)).sipMediaApplication()
                .sipMediaApplicationId();
        var dial = chime.createSipMediaApplicationCall(b -> b.sipMediaApplicationId(id)
                .fromPhoneNumber("+12025550199").toPhoneNumber("+12025550123"));
        assertThat(dial.sipMediaApplicationCall().transactionId()).isNotBlank();
        assertThat(simulator.dials()).isEqualTo(1);
    }

    /** The application a restarted simulator read from its file places calls as before: ./dev's restart. */
    @Test
    void anApplicationKeptInTheFile_stillPlacesCalls_afterARestart() {
        Path file = dir.resolve("kept.json");
        String id;
        try (VoiceSimulator first = new VoiceSimulator().withSipMediaApplicationsIn(file).start(0);
                ChimeSdkVoiceClient client = VoiceSimulatorTest.client(first, Duration.ofSeconds(10))) {
            id = client.createSipMediaApplication(create("cordiul-calls", "us-east-1", ARN)).sipMediaApplication()
                    .sipMediaApplicationId();
        }
        try (VoiceSimulator second = new VoiceSimulator().withSipMediaApplicationsIn(file).start(0);
                ChimeSdkVoiceClient client = VoiceSimulatorTest.client(second, Duration.ofSeconds(10))) {
            assertThat(client.createSipMediaApplicationCall(b -> b.sipMediaApplicationId(id)
                    .fromPhoneNumber("+12025550199").toPhoneNumber("+12025550123")).sipMediaApplicationCall()
                    .transactionId()).isNotBlank();
            assertThat(second.accepted()).singleElement().satisfies(d ->
                    assertThat(d.sipMediaApplicationId()).isEqualTo(id));
        }
    }
}
