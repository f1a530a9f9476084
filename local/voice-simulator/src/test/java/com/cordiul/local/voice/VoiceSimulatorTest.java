package com.cordiul.local.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.AccessDeniedException;
import software.amazon.awssdk.services.chimesdkvoice.model.BadRequestException;
import software.amazon.awssdk.services.chimesdkvoice.model.ChimeSdkVoiceException;
import software.amazon.awssdk.services.chimesdkvoice.model.CreateSipMediaApplicationCallRequest;
import software.amazon.awssdk.services.chimesdkvoice.model.ForbiddenException;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.chimesdkvoice.model.ServiceFailureException;
import software.amazon.awssdk.services.chimesdkvoice.model.ServiceUnavailableException;
import software.amazon.awssdk.services.chimesdkvoice.model.ThrottledClientException;
import software.amazon.awssdk.services.chimesdkvoice.model.UnauthorizedClientException;

class VoiceSimulatorTest {

    private static final String FROM = "+12025550199";
    /** An Authorization header scoped to chime, for requests sent past the SDK (the signature is not checked). */
    static final String SIGNED = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/chime/aws4_request, "
            + "SignedHeaders=host, Signature=00";
    private static final String CALL_STATUS = "arn:aws:lambda:us-east-1:123456789012:function:CallStatus:live";
    private static VoiceSimulator simulator;
    /** The account's SIP media application, through which every dial of these tests is placed. */
    private static String smaId;
    private static ChimeSdkVoiceClient chime;
    private static final List<AcceptedDial> HEARD = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        // These tests are about the wire and the magic numbers, and dial faster than Chime's 1 per second: the
        // quotas are off here (ChimeQuotasTest enforces them).
        simulator = new VoiceSimulator().withInventory(List.of(FROM, "+12025550198"))
                .withSlowDelay(Duration.ofSeconds(3)).withQuotas(ChimeQuotas.off()).start(0);
        simulator.addListener(HEARD::add);
        smaId = simulator.sipMediaApplications().create("us-east-1", "calls", List.of(CALL_STATUS)).id();
        // Patient enough for a cold client on a loaded machine; the slow-number test brings its own impatient one.
        chime = client(simulator, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        chime.close();
        simulator.close();
    }

    @BeforeEach
    void forget() {
        simulator.reset();
        HEARD.clear();
    }

    /** Registers a SIP media application in us-east-1 for tests that dial (the simulator dials only through one). */
    static String callsApplication(VoiceSimulator sim) {
        return sim.sipMediaApplications().create("us-east-1", "calls", List.of(CALL_STATUS)).id();
    }

    static ChimeSdkVoiceClient client(VoiceSimulator sim, Duration timeout) {
        return ChimeSdkVoiceClient.builder().region(Region.US_EAST_1).endpointOverride(sim.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(timeout))
                .build();
    }

    private static CreateSipMediaApplicationCallRequest dialTo(String to) {
        return CreateSipMediaApplicationCallRequest.builder().sipMediaApplicationId(smaId)
                .fromPhoneNumber(FROM).toPhoneNumber(to).argumentsMap(Map.of("call_id", "call_1")).build();
    }

    @Test
    void acceptedDial_returnsTransactionId_andTellsListeners() {
        var response = chime.createSipMediaApplicationCall(dialTo("+12025550123"));

        String transactionId = response.sipMediaApplicationCall().transactionId();
        assertThat(transactionId).matches("[0-9a-f-]{36}");
        assertThat(simulator.dials()).isEqualTo(1);
        assertThat(HEARD).singleElement().satisfies(d -> {
            assertThat(d.transactionId()).isEqualTo(transactionId);
            assertThat(d.sipMediaApplicationId()).isEqualTo(smaId);
            assertThat(d.toPhoneNumber()).isEqualTo("+12025550123");
            assertThat(d.fromPhoneNumber()).isEqualTo(FROM);
            assertThat(d.arguments()).containsEntry("call_id", "call_1");
        });
        assertThat(simulator.received()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/sip-media-applications/" + smaId + "/calls");
            assertThat(r.body()).contains("\"ToPhoneNumber\":\"+12025550123\"", "\"call_id\":\"call_1\"");
        });
    }

    /** As Chime: a call is placed only through an application of the account, in the region the request is for. */
    @Test
    void aDialThroughAnUnknownSipMediaApplication_isNotFound_andNothingIsPlaced() {
        String otherRegion = simulator.sipMediaApplications().create("us-west-2", "calls",
                List.of(CALL_STATUS.replace("us-east-1", "us-west-2"))).id();
        for (String id : List.of("0f8e7d6c-5b4a-4938-a271-605f4e3d2c1b", otherRegion)) {
            assertThatThrownBy(() -> chime.createSipMediaApplicationCall(dialTo("+12025550123").toBuilder()
                    .sipMediaApplicationId(id).build())).as(id).isInstanceOfSatisfying(NotFoundException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage()).contains(id, "not found"));
        }
        assertThat(simulator.dials()).isZero();
        assertThat(HEARD).isEmpty();
        simulator.sipMediaApplications().delete(otherRegion);
    }

    @Test
    void eachMagicNumber_raisesTheSdkExceptionChimeWould() {
        Map<String, Class<? extends ChimeSdkVoiceException>> expected = Map.of(
                "+12025550110", BadRequestException.class,
                "+12025550111", ResourceLimitExceededException.class,
                "+12025550112", ThrottledClientException.class,
                "+12025550114", ServiceFailureException.class,
                "+12025550115", ServiceUnavailableException.class,
                "+12025550117", AccessDeniedException.class,
                "+12025550118", UnauthorizedClientException.class,
                "+12025550119", ForbiddenException.class);
        Map<String, Integer> statuses = Map.of("+12025550110", 400, "+12025550111", 400, "+12025550112", 429,
                "+12025550114", 500, "+12025550115", 503, "+12025550117", 403, "+12025550118", 401,
                "+12025550119", 403);
        expected.forEach((number, type) -> assertThatThrownBy(() -> chime.createSipMediaApplicationCall(dialTo(number)))
                .as(number).isExactlyInstanceOf(type)
                .satisfies(e -> {
                    ChimeSdkVoiceException chimeError = (ChimeSdkVoiceException) e;
                    assertThat(chimeError.statusCode()).isEqualTo(statuses.get(number));
                    assertThat(chimeError.awsErrorDetails().errorCode()).isEqualTo(type.getSimpleName());
                    if (chimeError.statusCode() != 401) {
                        // HttpURLConnection withholds the body of a 401; the SDK then has only the header.
                        assertThat(chimeError.awsErrorDetails().errorMessage()).isNotBlank();
                    }
                }));
        // Only the failure-after-dial number placed a call.
        assertThat(simulator.dials()).isEqualTo(1);
        assertThat(simulator.accepted()).extracting(AcceptedDial::toPhoneNumber).containsExactly("+12025550114");
    }

    @Test
    void throttledOnceNumber_isThrottledFirst_thenAccepted() {
        assertThatThrownBy(() -> chime.createSipMediaApplicationCall(dialTo("+12025550113")))
                .isInstanceOf(ThrottledClientException.class);
        assertThat(simulator.dials()).isZero();
        assertThat(chime.createSipMediaApplicationCall(dialTo("+12025550113")).sipMediaApplicationCall()
                .transactionId()).isNotBlank();
        assertThat(simulator.attempts("+12025550113")).isEqualTo(2);
        assertThat(simulator.dials()).isEqualTo(1);
    }

    @Test
    void slowNumber_placesTheCall_butAnswersAfterTheClientGaveUp() {
        try (ChimeSdkVoiceClient impatient = client(simulator, Duration.ofMillis(700))) {
            assertThatThrownBy(() -> impatient.createSipMediaApplicationCall(dialTo("+12025550116")))
                    .isInstanceOf(ApiCallTimeoutException.class);
        }
        assertThat(simulator.dials()).isEqualTo(1);
        assertThat(HEARD).extracting(AcceptedDial::toPhoneNumber).containsExactly("+12025550116");
    }

    @Test
    void invalidNumbersAndOversizedMaps_areBadRequests_withoutDialing() {
        var tooMany = IntStream.range(0, 21).boxed()
                .collect(java.util.stream.Collectors.toMap(i -> "k" + i, i -> "v"));
        List<CreateSipMediaApplicationCallRequest> bad = List.of(
                dialTo("+1"),
                dialTo("+0123456789"),
                dialTo("+1202555012a"),
                dialTo("+12025550123").toBuilder().fromPhoneNumber("+12025550177").build(),
                dialTo("+12025550123").toBuilder().argumentsMap(tooMany).build(),
                dialTo("+12025550123").toBuilder().sipHeaders(tooMany).build());
        for (var request : bad) {
            assertThatThrownBy(() -> chime.createSipMediaApplicationCall(request)).as(request.toString())
                    .isInstanceOf(BadRequestException.class);
        }
        assertThat(simulator.dials()).isZero();
        assertThat(simulator.received()).hasSize(bad.size());
    }

    @Test
    void requestSignedForAnotherService_isRefused() {
        ChimeSdkVoiceClient wrong = ChimeSdkVoiceClient.builder().region(Region.US_EAST_1)
                .endpointOverride(simulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .putExecutionAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute
                                .SERVICE_NAME, "chime"))
                .build();
        try (wrong) {
            // The real client signs for "chime": it is accepted; an unsigned request is not.
            assertThat(wrong.createSipMediaApplicationCall(dialTo("+12025550123"))).isNotNull();
        }
        assertThat(Unsigned.post(simulator.endpoint().resolve("/sip-media-applications/" + smaId + "/calls"),
                "{\"FromPhoneNumber\":\"" + FROM + "\",\"ToPhoneNumber\":\"+12025550123\"}")).isEqualTo(403);
        assertThat(Unsigned.post(simulator.endpoint().resolve("/sip-media-applications/" + smaId + "/calls"),
                "{}", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=host, Signature=00")).isEqualTo(403);
        assertThat(simulator.dials()).isEqualTo(1);
    }
}
