package com.cordiul.chime;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.voice.ChimeQuotas;
import com.cordiul.local.voice.VoiceSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

class ChimeDialerTest {

    private static final String FROM = "+12025550199";
    private static VoiceSimulator simulator;
    private static ChimeSdkVoiceClient chime;
    /** The simulated account's SIP media application: Chime places calls only through one it has. */
    private static String smaId;
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private ChimeDialer dialer;

    @BeforeAll
    static void start() {
        // The dialer's handling of each Chime answer is tested here, dialing faster than Chime's 1 per second: the
        // quotas are off (the simulator's own tests and the load test enforce them).
        simulator = new VoiceSimulator().withSlowDelay(Duration.ofSeconds(2)).withQuotas(ChimeQuotas.off()).start(0);
        smaId = simulator.sipMediaApplications().create("us-east-1", "calls",
                List.of("arn:aws:lambda:us-east-1:123456789012:function:CallStatus:live")).id();
        chime = ChimeSdkVoiceClient.builder().region(Region.US_EAST_1).endpointOverride(simulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofMillis(500)))
                .build();
    }

    @AfterAll
    static void stop() {
        chime.close();
        simulator.close();
    }

    @BeforeEach
    void fresh() {
        simulator.reset();
        dialer = new ChimeDialer(chime, smaId, new ThrottleRetry(3, n -> Duration.ofMillis(100L * n),
                pauses::add));
    }

    private DialOutcome dial(String to) {
        return dialer.dial(FROM, to, Map.of("call_id", "call_x", "owner", "owner-1"));
    }

    @Test
    void acceptedDial_sendsTheSmaIdNumbersAndArguments() {
        DialOutcome outcome = dial("+12025550123");

        assertThat(outcome).isInstanceOf(DialOutcome.Accepted.class);
        assertThat(((DialOutcome.Accepted) outcome).transactionId())
                .isEqualTo(simulator.accepted().get(0).transactionId());
        assertThat(simulator.received()).singleElement()
                .satisfies(r -> assertThat(r.path()).isEqualTo("/sip-media-applications/" + smaId + "/calls"));
        assertThat(simulator.accepted().get(0).arguments()).isEqualTo(Map.of("call_id", "call_x", "owner", "owner-1"));
        assertThat(pauses).isEmpty();
    }

    @Test
    void throttling_isRetriedWithBackoff_untilAccepted() {
        assertThat(dial("+12025550113")).isInstanceOf(DialOutcome.Accepted.class);
        assertThat(simulator.attempts("+12025550113")).isEqualTo(2);
        assertThat(simulator.dials()).isEqualTo(1);
        assertThat(pauses).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void persistentThrottling_givesUpAfterTheLastAttempt_withoutPlacingTheCall() {
        assertThat(dial("+12025550112")).isEqualTo(new DialOutcome.Throttled(3));
        assertThat(simulator.attempts("+12025550112")).isEqualTo(3);
        assertThat(simulator.dials()).isZero();
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void refusals_areClassified_andNeverRetried() {
        Map<String, DialOutcome.Rejection> expected = Map.of(
                "+12025550110", DialOutcome.Rejection.INVALID_REQUEST,
                "+12025550111", DialOutcome.Rejection.CAPACITY,
                "+12025550117", DialOutcome.Rejection.CONFIGURATION,
                "+12025550118", DialOutcome.Rejection.CONFIGURATION,
                "+12025550119", DialOutcome.Rejection.CONFIGURATION);
        expected.forEach((number, kind) -> {
            DialOutcome outcome = dial(number);
            assertThat(outcome).as(number).isInstanceOfSatisfying(DialOutcome.Rejected.class,
                    r -> assertThat(r.kind()).isEqualTo(kind));
            assertThat(simulator.attempts(number)).as(number).isEqualTo(1);
        });
        assertThat(simulator.dials()).isZero();
        assertThat(pauses).isEmpty();
    }

    @Test
    void serverErrorsAndTimeouts_areUncertain_andNeverRetried() {
        for (String number : List.of("+12025550114", "+12025550115", "+12025550116")) {
            assertThat(dial(number)).as(number).isInstanceOf(DialOutcome.Uncertain.class);
            assertThat(simulator.attempts(number)).as(number).isEqualTo(1);
        }
        // The failure-after-dial and the slow number did place their calls.
        assertThat(simulator.dials()).isEqualTo(2);
        assertThat(pauses).isEmpty();
    }

    @Test
    void unreachableEndpoint_isUncertain() {
        VoiceSimulator gone = new VoiceSimulator().start(0);
        var endpoint = gone.endpoint();
        gone.close();
        try (ChimeSdkVoiceClient client = ChimeSdkVoiceClient.builder().region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            DialOutcome outcome = new ChimeDialer(client, "sma-42", ThrottleRetry.standard())
                    .dial(FROM, "+12025550123", Map.of());
            assertThat(outcome).isInstanceOf(DialOutcome.Uncertain.class);
        }
    }

    @Test
    void jitteredBackoff_staysWithinItsGrowingCeiling() {
        java.util.Random random = new java.util.Random(7);
        for (int retry = 1; retry <= 6; retry++) {
            long ceiling = Math.min(1000, 100L << (retry - 1));
            for (int i = 0; i < 50; i++) {
                assertThat(ThrottleRetry.jittered(random, Duration.ofMillis(100), Duration.ofSeconds(1), retry))
                        .isBetween(Duration.ZERO, Duration.ofMillis(ceiling));
            }
        }
    }
}
