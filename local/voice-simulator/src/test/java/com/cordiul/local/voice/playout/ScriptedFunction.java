package com.cordiul.local.voice.playout;

import com.cordiul.local.voice.SmaInvoker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in SIP media application function for playout tests: answers each event with what the test's script
 * returns for it, and keeps every event it received. (The end-to-end tests drive the real CallStatusHandler.)
 */
final class ScriptedFunction implements SmaInvoker {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Function<JsonNode, String> script;
    final List<JsonNode> received = new CopyOnWriteArrayList<>();

    ScriptedFunction(Function<JsonNode, String> script) {
        this.script = script;
    }

    @Override
    public String invoke(String eventJson) throws Exception {
        JsonNode event = JSON.readTree(eventJson);
        received.add(event);
        return script.apply(event);
    }

    /** Answers like Cordiul's function: attributes on the first event, Speak and Hangup on the answer. */
    static String cordiulLike(JsonNode event) {
        String type = event.path("InvocationEventType").asText();
        String legA = event.path("CallDetails").path("Participants").path(0).path("CallId").asText();
        if (type.equals("NEW_OUTBOUND_CALL")) {
            return "{\"SchemaVersion\":\"1.0\",\"Actions\":[],\"TransactionAttributes\":{\"call_id\":\"call_1\"}}";
        }
        if (type.equals("CALL_ANSWERED")) {
            return "{\"SchemaVersion\":\"1.0\",\"Actions\":[" + speak(legA, "Hello there") + ","
                    + "{\"Type\":\"Hangup\",\"Parameters\":{\"SipResponseCode\":\"0\",\"ParticipantTag\":\"LEG-A\"}}]}";
        }
        return empty();
    }

    static String speak(String callId, String text) {
        return "{\"Type\":\"Speak\",\"Parameters\":{\"Text\":\"" + text + "\",\"CallId\":\"" + callId
                + "\",\"Engine\":\"neural\",\"LanguageCode\":\"en-US\",\"TextType\":\"text\",\"VoiceId\":\"Joanna\"}}";
    }

    static String empty() {
        return "{\"SchemaVersion\":\"1.0\",\"Actions\":[]}";
    }
}
