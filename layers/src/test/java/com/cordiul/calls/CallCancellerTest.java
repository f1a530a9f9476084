package com.cordiul.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.chime.ChimeCallUpdater;
import com.cordiul.chime.ChimeDialer;
import com.cordiul.chime.DialOutcome;
import com.cordiul.chime.ThrottleRetry;
import com.cordiul.local.voice.ChimeQuotas;
import com.cordiul.local.voice.VoiceSimulator;
import com.cordiul.testing.MutableClock;
import com.cordiul.testing.TemplateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

class CallCancellerTest {

    private static final String OWNER = "user_2cancelOwner";
    private static final String FROM = "+12025550199";
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T09:00:00Z"));
    private final CallStatusMachine machine = new CallStatusMachine();
    private VoiceSimulator simulator;
    private ChimeSdkVoiceClient chime;
    /** The simulated account's SIP media application: Chime places calls only through one it has. */
    private String smaId;
    private CallStore store;

    @BeforeEach
    void start() {
        simulator = new VoiceSimulator().withInventory(List.of(FROM)).withQuotas(ChimeQuotas.chimeDefaults()
                .withDialsPerSecond(1000).withDialBurst(100)).start(0);
        smaId = simulator.sipMediaApplications().create("us-east-1", "calls",
                List.of("arn:aws:lambda:us-east-1:123456789012:function:CallStatus:live")).id();
        chime = ChimeSdkVoiceClient.builder().region(Region.US_EAST_1).endpointOverride(simulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        store = new CallStore(STORE.client(), "CallsTable");
    }

    @AfterEach
    void stop() {
        chime.close();
        simulator.close();
    }

    private final Map<String, String> ids = new java.util.HashMap<>();

    /** A well-formed call id per name: the canceller refuses any other as not found, before reading. */
    private String id(String name) {
        return ids.computeIfAbsent(name, n -> CallIds.next(clock.instant()));
    }

    private CallCanceller canceller() {
        return new CallCanceller(store, new ChimeCallUpdater(chime, smaId,
                new ThrottleRetry(3, n -> Duration.ZERO, d -> { })), clock);
    }

    private CallRecord waiting(String id) {
        CallRecord call = CallRecord.initiating(OWNER, id, "contact_1", "+12025550100", FROM, null,
                clock.instant());
        store.create(call);
        return call;
    }

    /** A call the dialer claimed and Chime placed, its transaction recorded as NEW_OUTBOUND_CALL records it. */
    private String placed(String id) {
        waiting(id);
        store.update(OWNER, id, r -> r.claimDial(clock.instant(), "token"));
        DialOutcome outcome = new ChimeDialer(chime, smaId, new ThrottleRetry(1, n -> Duration.ZERO,
                d -> { })).dial(FROM, "+12025550100", Map.of("call_id", id, "owner", OWNER));
        String tx = ((DialOutcome.Accepted) outcome).transactionId();
        store.update(OWNER, id, r -> machine.apply(machine.apply(r, CallEvent.dialAccepted(clock.instant(), tx)),
                CallEvent.queued(clock.instant())));
        return tx;
    }

    @Test
    void aWaitingCall_isCanceledAtOnce_andNoLongerWaits() {
        waiting(id("call_wait"));
        clock.advance(Duration.ofSeconds(3));

        CancelResult result = canceller().cancel(OWNER, id("call_wait"));
        CancelResult again = canceller().cancel(OWNER, id("call_wait"));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.call().status()).isEqualTo("canceled");
        assertThat(result.call().reason()).isEqualTo(CallRecord.CANCELED_BEFORE_DIAL);
        assertThat(result.call().statusDetail()).isEqualTo(CallCanceller.CANCELED_DETAIL);
        assertThat(result.call().dialedAt()).isNull();
        assertThat(result.call().endedAt()).isEqualTo("2026-05-01T09:00:03.000Z");
        assertThat(again).isEqualTo(result);
        CallRecord stored = store.find(OWNER, id("call_wait")).orElseThrow();
        assertThat(stored.waiting()).isFalse();
        assertThat(stored.claimDial(clock.instant(), "late-dialer")).isSameAs(stored);
        assertThat(simulator.received()).isEmpty();
    }

    @Test
    void aDialedCallChimeHasNotReportedYet_recordsTheCancel_forItsAnswer() {
        waiting(id("call_dialing"));
        store.update(OWNER, id("call_dialing"), r -> r.claimDial(clock.instant(), "token"));

        CancelResult result = canceller().cancel(OWNER, id("call_dialing"));

        assertThat(result.status()).isEqualTo(202);
        assertThat(result.call().status()).isEqualTo("initiating");
        assertThat(result.call().statusDetail()).isEqualTo(CallCanceller.PENDING_DETAIL);
        assertThat(store.find(OWNER, id("call_dialing")).orElseThrow().cancelRequestedAt()).isEqualTo(clock.instant());
        assertThat(simulator.received()).isEmpty();
    }

    @Test
    void aPlacedCall_isAskedToHangUp_andARepeatedCancelAsksAgain_harmlessly() {
        String tx = placed(id("call_live"));
        int before = simulator.received().size();

        CancelResult first = canceller().cancel(OWNER, id("call_live"));
        CancelResult second = canceller().cancel(OWNER, id("call_live"));

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.call().statusDetail()).isEqualTo(CallCanceller.HANGUP_DETAIL);
        assertThat(second).isEqualTo(first);
        assertThat(simulator.received().subList(before, simulator.received().size())).hasSize(2)
                .allSatisfy(r -> {
                    assertThat(r.path()).isEqualTo("/sip-media-applications/" + smaId + "/calls/" + tx);
                    assertThat(r.body()).contains("\"cordiul_action\":\"hangup\"");
                });
    }

    @Test
    void aCallChimeNoLongerKnows_isAnsweredAsItStands() {
        placed(id("call_gone"));
        store.update(OWNER, id("call_gone"), r -> r.withVersion(r.version()));
        simulator.callEnded(store.find(OWNER, id("call_gone")).orElseThrow().transactionId());

        CancelResult result = canceller().cancel(OWNER, id("call_gone"));

        assertThat(result.status()).isEqualTo(202);
        assertThat(result.call().id()).isEqualTo(id("call_gone"));
    }

    @Test
    void hangupRequestsChimeKeepsThrottling_are503_withTheCancelRecorded() {
        simulator.close();
        simulator = new VoiceSimulator().withInventory(List.of(FROM)).withQuotas(ChimeQuotas.chimeDefaults()
                .withDialsPerSecond(1000).withDialBurst(100).withUpdatesPerSecond(0.001).withUpdateBurst(1))
                .start(0);
        smaId = simulator.sipMediaApplications().create("us-east-1", "calls",
                List.of("arn:aws:lambda:us-east-1:123456789012:function:CallStatus:live")).id();
        chime.close();
        chime = ChimeSdkVoiceClient.builder().region(Region.US_EAST_1).endpointOverride(simulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        placed(id("call_a"));
        placed(id("call_b"));
        canceller().cancel(OWNER, id("call_a"));

        assertThatThrownBy(() -> canceller().cancel(OWNER, id("call_b")))
                .isInstanceOfSatisfying(TelephonyBusyException.class, e -> {
                    assertThat(e.code()).isEqualTo("telephony_busy");
                    assertThat(e.retryAfterSeconds()).isPositive();
                });
        assertThat(store.find(OWNER, id("call_b")).orElseThrow().cancelRequestedAt()).isNotNull();
        assertThat(simulator.stats().throttledUpdates()).isEqualTo(3);
    }

    @Test
    void anEndedCall_isNotCancelable_unlessItWasCanceled() {
        waiting(id("call_done"));
        store.update(OWNER, id("call_done"), r -> machine.apply(r.claimDial(clock.instant(), "t"),
                CallEvent.hangup(clock.instant(), 486)));

        assertThatThrownBy(() -> canceller().cancel(OWNER, id("call_done")))
                .isInstanceOfSatisfying(CallNotCancelableException.class, e -> {
                    assertThat(e.code()).isEqualTo("call_not_cancelable");
                    assertThat(e.getMessage()).contains("busy");
                });
    }

    @Test
    void anotherOwnersCall_aMissingOne_andAMalformedId_areAllNotFound() {
        waiting(id("call_mine"));

        String[][] attempts = {{"user_other", id("call_mine")}, {OWNER, id("call_missing")},
            {OWNER, "not a call id"}, {OWNER, ""}};
        for (String[] attempt : attempts) {
            assertThatThrownBy(() -> canceller().cancel(attempt[0], attempt[1])).as(String.join(" ", attempt))
                    .isInstanceOf(CallNotFoundException.class);
        }
        assertThat(store.find(OWNER, id("call_mine")).orElseThrow().cancelRequestedAt()).isNull();
    }
}
