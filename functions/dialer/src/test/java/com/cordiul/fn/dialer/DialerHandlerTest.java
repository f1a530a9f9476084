package com.cordiul.fn.dialer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.calls.CallQueries;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStore;
import com.cordiul.chime.ChimeDialer;
import com.cordiul.chime.ThrottleRetry;
import com.cordiul.core.Json;
import com.cordiul.dialer.CallDialer;
import com.cordiul.dialer.DialBatch;
import com.cordiul.dialer.DialPacer;
import com.cordiul.dialer.DialSettings;
import com.cordiul.dialer.DialTransitions;
import com.cordiul.dialer.PacerSettings;
import com.cordiul.dialqueue.DialMessage;
import com.cordiul.dialqueue.DialQueue;
import com.cordiul.dialqueue.QueueDepth;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.elasticmq.QueueSpec;
import com.cordiul.local.voice.ChimeQuotas;
import com.cordiul.local.voice.VoiceSimulator;
import com.cordiul.testing.LocalQueues;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.TestJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class DialerHandlerTest {

    private static final String OWNER = "user_2abcOwnerA";
    private static final String CALL = "call_01J9ZK3X7E8Q4M2N6P0R5T7V9W";
    private static final String FROM = "+12025550199";
    private static final String QUEUE = "DialQueue.fifo";
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();
    @RegisterExtension
    static final LocalQueues QUEUES = new LocalQueues(QueueSpec.fifo(QUEUE));
    private static VoiceSimulator simulator;
    private static ChimeSdkVoiceClient chime;
    /** The simulated account's SIP media application: Chime places calls only through one it has. */
    private static String smaId;

    private CallStore store;
    private DialPacer pacer;
    private QueueDepth depth;

    @BeforeAll
    static void startChime() {
        simulator = new VoiceSimulator().withInventory(List.of(FROM)).withQuotas(ChimeQuotas.off()).start(0);
        smaId = simulator.sipMediaApplications().create("us-east-1", "calls",
                List.of("arn:aws:lambda:us-east-1:123456789012:function:CallStatus:live")).id();
        chime = ChimeSdkVoiceClient.builder().region(Region.US_EAST_1).endpointOverride(simulator.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stopChime() {
        chime.close();
        simulator.close();
    }

    @BeforeEach
    void fresh() {
        simulator.reset();
        pacer = new DialPacer(STORE.client(), "DialControlTable", Clock.systemUTC(), PacerSettings.of(1000, 1));
        depth = new QueueDepth(STORE.client(), "DialControlTable", Clock.systemUTC(), 100,
                new CallQueries(STORE.client(), "CallsTable")::countWaiting);
        store = new CallStore(STORE.client(), "CallsTable", new DialTransitions(() -> pacer, () -> depth));
    }

    private DialerHandler handler() {
        DialQueue queue = new DialQueue(QUEUES.client(), QUEUES.queueUrl(QUEUE));
        ThrottleRetry.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        CallDialer dialer = new CallDialer(store, pacer, depth, queue, new ChimeDialer(chime, smaId,
                new ThrottleRetry(1, n -> Duration.ZERO, sleeper)), Clock.systemUTC(), sleeper,
                DialSettings.standard());
        return new DialerHandler(new DialBatch(dialer, queue));
    }

    private void record(String id) {
        depth.admit(OWNER);
        store.create(CallRecord.initiating(OWNER, id, "contact_123", "+12025550100", FROM, null, Instant.now()));
    }

    private static JsonNode invoke(DialerHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return TestJson.mapper().readTree(out.toByteArray());
    }

    @Test
    void theSampleEvent_dialsItsCall_andKeepsNoMessage() throws Exception {
        record(CALL);
        byte[] event = Files.readAllBytes(RepositoryRoot.find().resolve("events/dialer.json"));

        JsonNode response = invoke(handler(), event);

        assertThat(response.toString()).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(simulator.stats().placedFor(CALL)).isEqualTo(1);
        assertThat(store.find(OWNER, CALL).orElseThrow().dialedAt()).isNotNull();
    }

    @Test
    void aRefusedCall_andTheCallsOfItsOwnerBehindIt_areKeptAndDelayed_othersOfTheBatchGoOn() throws Exception {
        for (String id : List.of("call_first", "call_second", "call_third")) {
            record(id);
            new DialQueue(QUEUES.client(), QUEUES.queueUrl(QUEUE)).send(DialMessage.of(OWNER, id));
        }
        List<Message> received = QUEUES.client().receiveMessage(b -> b.queueUrl(QUEUES.queueUrl(QUEUE))
                .maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertThat(received).hasSize(3);
        List<Map<String, Object>> records = new ArrayList<>();
        for (Message m : received) {
            records.add(Map.of("messageId", m.messageId(), "receiptHandle", m.receiptHandle(), "body", m.body(),
                    "attributes", Map.of("ApproximateReceiveCount", "1",
                            "SentTimestamp", m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP))));
        }
        records.add(Map.of("messageId", "not-ours", "receiptHandle", "r", "body", "{\"hello\":1}",
                "attributes", Map.of()));
        byte[] event = Json.write(Map.of("Records", records)).getBytes(StandardCharsets.UTF_8);

        JsonNode response = invoke(handler(), event);

        // One active call at most: the first is dialed, the second refused for capacity, the third held behind it.
        List<String> kept = new ArrayList<>();
        response.get("batchItemFailures").forEach(f -> kept.add(f.get("itemIdentifier").asText()));
        assertThat(kept).containsExactly(received.get(1).messageId(), received.get(2).messageId());
        assertThat(simulator.stats().placed()).isEqualTo(1);
        // Put back with their delay: not visible again at once.
        assertThat(QUEUES.client().receiveMessage(b -> b.queueUrl(QUEUES.queueUrl(QUEUE)).waitTimeSeconds(0))
                .messages()).isEmpty();
    }

    @Test
    void anEventThatIsNotFromSqs_failsTheInvocation_soTheBatchIsRetried() {
        assertThatThrownBy(() -> invoke(handler(), "{\"Records\": 3}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(simulator.received()).isEmpty();
    }
}
