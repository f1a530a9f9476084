package com.cordiul.dialer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallQueries;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatus;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.progress.StaleCallSweeper;
import com.cordiul.calls.progress.SweepSettings;
import com.cordiul.chime.ChimeDialer;
import com.cordiul.chime.ThrottleRetry;
import com.cordiul.dialqueue.DialMessage;
import com.cordiul.dialqueue.DialQueue;
import com.cordiul.dialqueue.QueueDepth;
import com.cordiul.local.elasticmq.QueueSpec;
import com.cordiul.local.voice.AcceptedDial;
import com.cordiul.local.voice.ChimeQuotas;
import com.cordiul.local.voice.VoiceSimulator;
import com.cordiul.testing.LocalQueues;
import com.cordiul.testing.MutableClock;
import com.cordiul.testing.RequestCounter;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.Unreachable;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The dialer against the real pieces: dynalite for the calls and the pacer, ElasticMQ for the queue, the voice
 * simulator for Chime. Crashes are injected where a function can die: between two of its writes, between its claim
 * and its dial, after Chime placed the call and before the answer was read.
 */
class CallDialerTest {

    static final String OWNER = "user_2dialerOwner";
    static final String FROM = "+12025550199";
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();
    @RegisterExtension
    static final LocalQueues QUEUES = new LocalQueues(QueueSpec.fifo("DialQueue.fifo"));
    private static VoiceSimulator simulator;
    private static ChimeSdkVoiceClient chime;
    /** The simulated account's SIP media application: Chime places calls only through one it has. */
    private static String smaId;

    private final CallStatusMachine machine = new CallStatusMachine();
    private final MutableClock clock = new MutableClock(Instant.now());
    private CallStore store;
    private DialPacer pacer;
    private QueueDepth depth;

    @BeforeAll
    static void startChime() {
        simulator = new VoiceSimulator().withInventory(List.of(FROM)).withSlowDelay(Duration.ofSeconds(3))
                .withQuotas(ChimeQuotas.off()).start(0);
        smaId = simulator.sipMediaApplications().create("us-east-1", "calls",
                List.of("arn:aws:lambda:us-east-1:123456789012:function:CallStatus:live")).id();
        chime = chime(simulator.endpoint());
    }

    @AfterAll
    static void stopChime() {
        chime.close();
        simulator.close();
    }

    @BeforeEach
    void fresh() {
        simulator.reset();
        pacer = new DialPacer(STORE.client(), "DialControlTable", clock, PacerSettings.of(1000, 10));
        depth = new QueueDepth(STORE.client(), "DialControlTable", clock, 10_000,
                new CallQueries(STORE.client(), "CallsTable")::countWaiting);
        store = new CallStore(STORE.client(), "CallsTable", new DialTransitions(() -> pacer, () -> depth));
    }

    /** Like AwsClients.chimeSdkVoice(): no SDK retries; a short timeout so the slow number is quick to test. */
    static ChimeSdkVoiceClient chime(URI endpoint, ExecutionInterceptor... interceptors) {
        return ChimeSdkVoiceClient.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofMillis(1500));
                    for (ExecutionInterceptor i : interceptors) {
                        o.addExecutionInterceptor(i);
                    }
                })
                .build();
    }

    /** A sleeper that moves the test's clock instead of waiting. */
    private ThrottleRetry.Sleeper advancing() {
        return d -> clock.advance(d);
    }

    private CallDialer dialer(CallStore calls, ChimeSdkVoiceClient client, ThrottleRetry.Sleeper sleeper) {
        return new CallDialer(calls, pacer, depth, new DialQueue(QUEUES.client(), QUEUES.queueUrl("DialQueue.fifo")),
                new ChimeDialer(client, smaId, new ThrottleRetry(1, n -> Duration.ZERO, d -> { })),
                clock, sleeper, DialSettings.standard());
    }

    private CallDialer dialer() {
        return dialer(store, chime, advancing());
    }

    /** A call as create-call leaves it: counted against its owner's queue, recorded, waiting. */
    private CallRecord waiting(String id, String to) {
        depth.admit(OWNER);
        CallRecord call = CallRecord.initiating(OWNER, id, "contact_1", to, FROM, "Hi.", clock.instant());
        store.create(call);
        return call;
    }

    private DialResult dial(CallDialer dialer, CallRecord call, int receives) {
        return dialer.dial(DialMessage.of(call.owner(), call.id()), receives, call.createdAt());
    }

    private CallRecord stored(String id) {
        return store.find(OWNER, id).orElseThrow();
    }

    @Test
    void aWaitingCall_isClaimedThenDialedOnce_atItsSlot_namingItselfInTheArguments() {
        CallRecord call = waiting("call_ok", "+12025550100");

        DialResult result = dial(dialer(), call, 1);
        DialResult redelivered = dial(dialer(), call, 2);

        assertThat(result).isInstanceOf(DialResult.Done.class);
        assertThat(redelivered).isEqualTo(new DialResult.Done("not waiting"));
        CallRecord dialed = stored("call_ok");
        assertThat(dialed.dialedAt()).isNotNull();
        assertThat(dialed.dialClaim()).isNotNull();
        assertThat(dialed.status()).isEqualTo(CallStatus.INITIATING);
        assertThat(simulator.accepted()).singleElement().satisfies(d -> {
            assertThat(d.arguments()).containsEntry("call_id", "call_ok").containsEntry("owner", OWNER);
            assertThat(d.toPhoneNumber()).isEqualTo("+12025550100");
        });
        assertThat(pacer.read().active()).containsOnlyKeys("call_ok");
        assertThat(depth.depth(OWNER)).isZero();
    }

    @ParameterizedTest(name = "{0}: {1}, then {2}")
    @CsvSource({
        "+12025550110, Done,  failed,     false, 0, 0",
        "+12025550111, Retry, initiating, true,  1, 0",
        "+12025550112, Retry, initiating, true,  1, 0",
        "+12025550114, Done,  initiating, false, 0, 1",
        "+12025550115, Done,  initiating, false, 0, 1",
        "+12025550116, Done,  initiating, false, 0, 1",
        "+12025550117, Done,  failed,     false, 0, 0",
        "+12025550118, Done,  failed,     false, 0, 0",
        "+12025550119, Done,  failed,     false, 0, 0",
    })
    void everyChimeAnswer_isRecordedAsWhatItMeans_andNothingIsEverDialedTwice(String to, String result,
                                                                             String status, boolean waitsAgain,
                                                                             int stillCounted, int activeSlots) {
        CallRecord call = waiting("call_x", to);

        DialResult first = dial(dialer(), call, 1);
        DialResult second = dial(dialer(), call, 2);

        assertThat(first.getClass().getSimpleName()).isEqualTo(result);
        CallRecord after = stored("call_x");
        assertThat(after.status().value()).isEqualTo(status);
        assertThat(after.waiting()).isEqualTo(waitsAgain);
        assertThat(depth.depth(OWNER)).isEqualTo(stillCounted);
        if (waitsAgain) {
            // Chime did not process it: it is tried again, a dial per attempt, never a call placed twice.
            assertThat(second).isInstanceOf(DialResult.Retry.class);
            assertThat(simulator.attempts(to)).isEqualTo(2);
            assertThat(after.dialedAt()).isNull();
        } else {
            assertThat(second).isEqualTo(new DialResult.Done("not waiting"));
            assertThat(simulator.attempts(to)).isEqualTo(1);
        }
        if ("failed".equals(status)) {
            assertThat(after.reason()).contains("telephony provider refused");
        }
        // A refused call frees its slot when it fails; a call Chime may have placed keeps it until it ends.
        assertThat(pacer.read().active()).hasSize(activeSlots);
    }

    @Test
    void aThrottledThenAcceptedCall_isPlacedOnItsNextAttempt() {
        CallRecord call = waiting("call_alt", "+12025550113");

        assertThat(dial(dialer(), call, 1)).isInstanceOfSatisfying(DialResult.Retry.class,
                r -> assertThat(r.delay()).isEqualTo(Duration.ofSeconds(2)));
        assertThat(dial(dialer(), call, 2)).isInstanceOf(DialResult.Done.class);

        assertThat(simulator.stats().placedFor("call_alt")).isEqualTo(1);
        assertThat(stored("call_alt").dialedAt()).isNotNull();
    }

    @Test
    void aDialThrottledBecauseThePreviousOneReachedChimeLate_isPlacedByARetryWithinItsSlot_keepingTheSlot() {
        try (Chime strict = new Chime(clock)) {
            // The previous dial reached Chime 95 ms late on the pacer's 1025 ms grid: this slot comes 930 ms after
            // it, 70 ms before Chime's bucket holds a token again.
            strict.dialDirectly();
            clock.advance(Duration.ofMillis(930));
            CallRecord call = waiting("call_after_late", "+12025550100");
            Instant slot = clock.instant();

            DialResult result = dial(strict.dialer(), call, 1);

            assertThat(result).isEqualTo(new DialResult.Done("dialed"));
            assertThat(strict.simulator().stats().placedFor("call_after_late")).isEqualTo(1);
            // Throttled at 930, 950, 970 and 990 ms, placed at 1010 ms: 80 ms into its slot, on no other slot's time.
            assertThat(strict.simulator().stats().throttledDials()).isEqualTo(4);
            assertThat(Duration.between(slot, clock.instant())).isEqualTo(Duration.ofMillis(80));
            assertThat(strict.pacer().read().active()).containsOnlyKeys("call_after_late");
            assertThat(stored("call_after_late").dialedAt()).isNotNull();
        }
    }

    @Test
    void aDialStillThrottledAfterItsSlotsRetries_givesTheSlotBack_andWaitsOnTheQueue() {
        try (Chime strict = new Chime(clock)) {
            // Another dialer of the account took Chime's token half a second ago: no pause within the slot helps.
            strict.dialDirectly();
            clock.advance(Duration.ofMillis(500));
            CallRecord call = waiting("call_contended", "+12025550100");
            Instant slot = clock.instant();

            DialResult result = dial(strict.dialer(), call, 1);

            assertThat(result).isInstanceOfSatisfying(DialResult.Retry.class,
                    r -> assertThat(r.delay()).isEqualTo(Duration.ofSeconds(2)));
            assertThat(strict.simulator().stats().placedFor("call_contended")).isZero();
            assertThat(strict.simulator().stats().throttledDials()).isEqualTo(11);
            // A fifth of the interval at most: the next slot, 1025 ms on, is never reached.
            assertThat(Duration.between(slot, clock.instant())).isEqualTo(Duration.ofMillis(200));
            assertThat(strict.pacer().read().active()).isEmpty();
            assertThat(stored("call_contended").dialedAt()).isNull();
            assertThat(depth.depth(OWNER)).isEqualTo(1);
        }
    }

    /**
     * A simulator with Chime's default quotas on the test's clock, and a dialer wired as the dialer function wires it
     * (the pacer at 1 dial per second, its retries within the slot).
     */
    private final class Chime implements AutoCloseable {
        private final VoiceSimulator simulator;
        private final ChimeSdkVoiceClient client;
        private final String sma;
        private final DialPacer pacer;
        private final PacerSettings settings = PacerSettings.of(1, 10);

        private Chime(MutableClock on) {
            simulator = new VoiceSimulator().withInventory(List.of(FROM)).withClock(on)
                    .withQuotas(ChimeQuotas.chimeDefaults()).start(0);
            client = chime(simulator.endpoint());
            sma = simulator.sipMediaApplications().create("us-east-1", "strict",
                    List.of("arn:aws:lambda:us-east-1:123456789012:function:CallStatus:live")).id();
            pacer = new DialPacer(STORE.client(), "DialControlTable", on, settings);
        }

        void dialDirectly() {
            client.createSipMediaApplicationCall(b -> b.sipMediaApplicationId(sma).fromPhoneNumber(FROM)
                    .toPhoneNumber("+12025550100"));
        }

        CallDialer dialer() {
            CallStore calls = new CallStore(STORE.client(), "CallsTable", new DialTransitions(() -> pacer,
                    () -> depth));
            return new CallDialer(calls, pacer, depth, new DialQueue(QUEUES.client(),
                    QUEUES.queueUrl("DialQueue.fifo")), new ChimeDialer(client, sma,
                    settings.throttleRetry(advancing())), clock, advancing(), DialSettings.standard());
        }

        VoiceSimulator simulator() {
            return simulator;
        }

        DialPacer pacer() {
            return pacer;
        }

        @Override
        public void close() {
            client.close();
            simulator.close();
        }
    }

    @Test
    void aMessageAheadOfItsRecord_waitsBriefly_thenIsDroppedAfterTheGrace() {
        DialMessage orphan = DialMessage.of(OWNER, "call_never_recorded");
        Instant sent = clock.instant();

        DialResult young = dialer().dial(orphan, 1, sent);
        clock.advance(Duration.ofSeconds(31));
        DialResult old = dialer().dial(orphan, 2, sent);

        assertThat(young).isInstanceOf(DialResult.Retry.class);
        assertThat(old).isEqualTo(new DialResult.Done("no such call"));
        assertThat(simulator.received()).isEmpty();
    }

    @Test
    void aRecordWrittenJustAfterItsMessage_isFoundByTheBriefWait() {
        Instant sent = clock.instant();
        AtomicBoolean recorded = new AtomicBoolean();
        CallDialer dialer = dialer(store, chime, d -> {
            clock.advance(d);
            if (recorded.compareAndSet(false, true)) {
                waiting("call_late_record", "+12025550100");
            }
        });

        DialResult result = dialer.dial(DialMessage.of(OWNER, "call_late_record"), 1, sent);

        assertThat(result).isInstanceOf(DialResult.Done.class);
        assertThat(simulator.stats().placedFor("call_late_record")).isEqualTo(1);
    }

    @Test
    void aCanceledOrEndedCall_isNeverDialed() {
        CallRecord canceled = waiting("call_canceled", "+12025550100");
        store.update(OWNER, canceled.id(), r -> r.requestCancel(clock.instant()));
        CallRecord swept = waiting("call_swept", "+12025550100");
        store.update(OWNER, swept.id(), r -> machine.apply(r, CallEvent.swept(clock.instant(), "gone")));

        assertThat(dial(dialer(), canceled, 1)).isEqualTo(new DialResult.Done("not waiting"));
        assertThat(dial(dialer(), swept, 1)).isEqualTo(new DialResult.Done("not waiting"));
        assertThat(simulator.received()).isEmpty();
        // Both left the queue with their terminal status: the count knows.
        assertThat(depth.depth(OWNER)).isZero();
    }

    @Test
    void aCancelBetweenTheDialersReadAndItsClaim_wins_andTheSlotIsGivenBack() {
        CallRecord call = waiting("call_cancel_race", "+12025550100");
        // The cancel lands while the dialer asks the pacer: the claim's condition then fails.
        DialPacer racing = new DialPacer(STORE.client(), "DialControlTable", clock, PacerSettings.of(1000, 10)) {
            @Override
            public PacerDecision request(String owner, String callId) {
                PacerDecision decision = super.request(owner, callId);
                store.update(owner, callId, r -> r.requestCancel(clock.instant()));
                return decision;
            }
        };
        DialQueue queue = new DialQueue(QUEUES.client(), QUEUES.queueUrl("DialQueue.fifo"));
        ChimeDialer once = new ChimeDialer(chime, smaId, new ThrottleRetry(1, n -> Duration.ZERO, d -> { }));
        CallDialer dialer = new CallDialer(store, racing, depth, queue, once, clock, advancing(),
                DialSettings.standard());

        assertThat(dial(dialer, call, 1)).isEqualTo(new DialResult.Done("claim lost"));
        assertThat(stored(call.id()).status()).isEqualTo(CallStatus.CANCELED);
        assertThat(simulator.received()).isEmpty();
        assertThat(pacer.read().active()).isEmpty();
    }

    @Test
    void aDialerThatDies_betweenItsSlotAndItsClaim_isRecoveredAfterTheGrace_andTheCallDialedOnce() {
        CallRecord call = waiting("call_crash_claim", "+12025550100");
        AtomicBoolean crash = new AtomicBoolean(true);
        try (DynamoDbClient dying = new RequestCounter().client(STORE.endpoint(), new DieOn(PutItemRequest.class,
                crash))) {
            CallStore dyingStore = new CallStore(dying, "CallsTable", new DialTransitions(() -> pacer, () -> depth));
            assertThatThrownBy(() -> dial(dialer(dyingStore, chime, advancing()), call, 1))
                    .isInstanceOf(FunctionDied.class);
        }
        assertThat(stored(call.id()).waiting()).isTrue();
        assertThat(pacer.read().active()).containsKey(call.id());

        DialResult tooSoon = dial(dialer(), call, 2);
        clock.advance(Duration.ofSeconds(31));
        DialResult afterGrace = dial(dialer(), call, 3);

        assertThat(tooSoon).isInstanceOfSatisfying(DialResult.Retry.class,
                r -> assertThat(r.why()).isEqualTo("DUPLICATE"));
        assertThat(afterGrace).isInstanceOf(DialResult.Done.class);
        assertThat(simulator.stats().placedFor(call.id())).isEqualTo(1);
    }

    @Test
    void aDialerThatDies_betweenItsClaimAndItsDial_neverDialsTheCall_whichIsSettledAndItsCountsRepaired() {
        CallRecord call = waiting("call_crash_dial", "+12025550100");
        assertThatThrownBy(() -> dial(dialer(store, chime, d -> {
            throw new FunctionDied();
        }), call, 1)).isInstanceOf(FunctionDied.class);

        DialResult redelivered = dial(dialer(), call, 2);

        assertThat(redelivered).isEqualTo(new DialResult.Done("not waiting"));
        assertThat(simulator.received()).isEmpty();
        // Claimed, so never dialed again; the sweeper's initiating rule (from the dial) fails it, and its slot frees.
        clock.advance(Duration.ofSeconds(301));
        new StaleCallSweeper(STORE.client(), store, machine, clock, new SweepSettings(Duration.ofDays(1),
                Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(180), Duration.ofHours(1), 100,
                1000), () -> pacer.repair(store)).sweep();
        assertThat(stored(call.id()).status()).isEqualTo(CallStatus.FAILED);
        assertThat(pacer.read().active()).isEmpty();
        // The count kept the call (the dialer died before taking it off): too high, never too low.
        assertThat(depth.depth(OWNER)).isEqualTo(1);
    }

    @Test
    void aDialerThatDies_afterChimePlacedTheCall_neverPlacesItAgain() {
        CallRecord call = waiting("call_crash_after_dial", "+12025550100");
        try (ChimeSdkVoiceClient dying = chime(simulator.endpoint(), new DieAfterAnswer())) {
            assertThatThrownBy(() -> dial(dialer(store, dying, advancing()), call, 1))
                    .isInstanceOf(FunctionDied.class);
        }

        DialResult redelivered = dial(dialer(), call, 2);

        assertThat(redelivered).isEqualTo(new DialResult.Done("not waiting"));
        assertThat(simulator.stats().placedFor(call.id())).isEqualTo(1);
        AcceptedDial placed = simulator.accepted().get(0);
        // Chime's events settle it: the NEW_OUTBOUND_CALL records its transaction (as CallProgress does).
        store.update(OWNER, call.id(), r -> machine.apply(machine.apply(r, CallEvent.dialAccepted(clock.instant(),
                placed.transactionId())), CallEvent.hangup(clock.instant(), 486)));
        assertThat(stored(call.id()).status()).isEqualTo(CallStatus.BUSY);
        assertThat(pacer.read().active()).isEmpty();
    }

    @Test
    void aStoreThatIsDown_dialsNothing_andTheMessageWaits() {
        CallRecord call = waiting("call_store_down", "+12025550100");
        try (DynamoDbClient down = Unreachable.dynamoDb()) {
            CallStore unreachable = new CallStore(down, "CallsTable");
            DialResult result = dialer(unreachable, chime, advancing()).dial(DialMessage.of(OWNER, call.id()), 1,
                    call.createdAt());
            assertThat(result).isInstanceOfSatisfying(DialResult.Retry.class,
                    r -> assertThat(r.why()).isEqualTo("store unavailable"));
        }
        assertThat(simulator.received()).isEmpty();
        assertThat(stored(call.id()).waiting()).isTrue();
    }

    @Test
    void aMessageRefusedManyTimes_isRenewedAsAFreshOne_insteadOfNearingTheDeadLetterQueue() {
        CallRecord call = waiting("call_long_wait", "+12025550100");
        PacerSettings full = PacerSettings.of(1000, 1);
        pacer = new DialPacer(STORE.client(), "DialControlTable", clock, full);
        // The one active call: dialed and not ended, so no repair frees it.
        CallRecord busy = waiting("call_busy_line", "+12025550105");
        pacer.request(OWNER, busy.id());
        store.update(OWNER, busy.id(), r -> r.claimDial(clock.instant(), "t-busy"));

        DialResult early = dial(dialer(), call, 3);
        DialResult late = dial(dialer(), call, DialSettings.RENEW_AT);

        assertThat(early).isInstanceOfSatisfying(DialResult.Retry.class,
                r -> assertThat(r.why()).isEqualTo("CAPACITY"));
        assertThat(late).isEqualTo(new DialResult.Done("renewed"));
        var renewed = QUEUES.client().receiveMessage(b -> b.queueUrl(QUEUES.queueUrl("DialQueue.fifo"))
                .waitTimeSeconds(1)).messages();
        assertThat(renewed).singleElement().satisfies(m -> assertThat(DialMessage.parse(m.body()))
                .contains(new DialMessage(OWNER, call.id(), 1)));
    }

    /** What a Lambda instance dying mid-invocation looks like from the inside: nothing after it runs. */
    static final class FunctionDied extends Error {
        private static final long serialVersionUID = 1L;

        FunctionDied() {
            super("the function instance died here");
        }
    }

    /** Kills the function when it sends a request of a type, while armed: the request never leaves. */
    record DieOn(Class<?> request, AtomicBoolean armed) implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (request.isInstance(context.request()) && armed.getAndSet(false)) {
                throw new FunctionDied();
            }
        }
    }

    /** Kills the function once Chime has answered, before the answer is read: the call was placed. */
    static final class DieAfterAnswer implements ExecutionInterceptor {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            throw new FunctionDied();
        }
    }
}
