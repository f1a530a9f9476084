package com.cordiul.fn.callstatus;

import com.cordiul.calls.CallEvent;
import com.cordiul.calls.CallItems;
import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.CallStore;
import com.cordiul.calls.progress.CallProgress;
import com.cordiul.chime.sma.SpeakVoice;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.priming.DynamoPrimer;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.TestJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One dynalite per test class, the handler wired to it, and helpers to seed calls and write their events. */
abstract class CallStatusTestBase {

    static final String TABLE = "CallsTable";
    static final String OWNER = "user_2NNEqL2nrIRdJ194ndJqAHwEfxC";
    static final String GREETING = "Hello, this is a call from Cordiul. Thank you, goodbye.";
    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    final CallStatusMachine machine = new CallStatusMachine();
    final PerThreadClock clock = new PerThreadClock();
    CallStore store;
    DynamoPrimer primer;
    CallStatusHandler handler;

    @BeforeEach
    void emptyTablesAndBuildHandler() {
        store = new CallStore(STORE.client(), TABLE);
        primer = new DynamoPrimer(STORE.client(), TABLE, Map.of(CallItems.OWNER, AttributeValue.fromS("priming"),
                CallItems.ID, AttributeValue.fromS("priming-sentinel")));
        handler = new CallStatusHandler(new CallProgress(store, machine, clock, GREETING,
                new SpeakVoice("Joanna", "en-US", "neural")));
    }

    /** Invokes the handler as Lambda does: bytes in, bytes out. */
    String invoke(String eventJson) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * A call as create-call and the dialer leave it: recorded initiating, its dial claimed, and its transaction id
     * known (as the first event of the call records it).
     */
    CallRecord seed(String id, String transactionId, String to, String message, Instant createdAt) {
        store.create(CallRecord.initiating(OWNER, id, "contact_1", to, "+12065550100", message, createdAt));
        return store.update(OWNER, id, r -> machine.apply(r.claimDial(createdAt, "dialer-" + id),
                CallEvent.dialAccepted(createdAt, transactionId))).orElseThrow();
    }

    static String fixtureText(String name) {
        try {
            return Files.readString(RepositoryRoot.find().resolve("events").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture rewritten for another call: its transaction, call id and LEG-A id. */
    static ObjectNode event(String fixture, String transactionId, String callId, boolean withAttributes) {
        try {
            ObjectNode e = (ObjectNode) TestJson.mapper().readTree(fixtureText(fixture));
            ObjectNode details = (ObjectNode) e.get("CallDetails");
            details.put("TransactionId", transactionId);
            if (details.has("TransactionAttributes")) {
                if (withAttributes) {
                    ((ObjectNode) details.get("TransactionAttributes")).put("call_id", callId);
                } else {
                    details.remove("TransactionAttributes");
                }
            }
            if (e.at("/ActionData/Parameters/Arguments").isObject()) {
                ((ObjectNode) e.at("/ActionData/Parameters/Arguments")).put("call_id", callId);
            }
            ((ObjectNode) details.get("Participants").get(0)).put("CallId", "leg-" + callId);
            return e;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
