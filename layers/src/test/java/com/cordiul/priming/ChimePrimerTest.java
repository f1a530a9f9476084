package com.cordiul.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.cordiul.chime.ChimeDialer;
import com.cordiul.chime.ThrottleRetry;
import com.cordiul.local.voice.VoiceSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

class ChimePrimerTest {

    private static VoiceSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = new VoiceSimulator().start(0);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static ChimeSdkVoiceClient client(URI endpoint) {
        return ChimeSdkVoiceClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(5)))
                .build();
    }

    @Test
    void priming_readsTheSipMediaApplication_andNeverDials() {
        String id = simulator.sipMediaApplications().create("us-east-1", "cordiul-calls",
                List.of("arn:aws:lambda:us-east-1:123456789012:function:cordiul-CallStatus:live")).id();
        simulator.reset();
        try (ChimeSdkVoiceClient chime = client(simulator.endpoint())) {
            ChimePrimer primer = new ChimePrimer(new ChimeDialer(chime, id, ThrottleRetry.standard()));

            assertThat(primer.prime()).isTrue();

            assertThat(simulator.dials()).isZero();
            assertThat(simulator.received()).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.path()).isEqualTo("/sip-media-applications/" + id);
            });
        }
    }

    /** A local stack whose SIP media application was never provisioned: the read fails, the snapshot does not. */
    @Test
    void priming_anUnknownSipMediaApplication_reportsFailure_withoutThrowing() {
        simulator.reset();
        try (ChimeSdkVoiceClient chime = client(simulator.endpoint())) {
            ChimePrimer primer = new ChimePrimer(new ChimeDialer(chime, "local-sma", ThrottleRetry.standard()));

            assertThat(primer.prime()).isFalse();
            assertThatCode(() -> primer.beforeCheckpoint(null)).doesNotThrowAnyException();
            assertThat(simulator.dials()).isZero();
        }
    }

    @Test
    void theHooks_neverThrow_whenChimeCannotBeReached() {
        try (ChimeSdkVoiceClient chime = client(URI.create("http://127.0.0.1:9"))) {
            ChimePrimer primer = new ChimePrimer(new ChimeDialer(chime, "sma-42", ThrottleRetry.standard()));

            assertThat(primer.prime()).isFalse();
            assertThatCode(() -> {
                primer.beforeCheckpoint(null);
                primer.afterRestore(null);
            }).doesNotThrowAnyException();
        }
    }
}
