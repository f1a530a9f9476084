package com.cordiul.local.voice.playout;

import com.cordiul.local.voice.AcceptedDial;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Writes the events of one call in Chime's shape (see the repository's {@code events/call-status-*.json}). */
final class EventWriter {

    static final String ACCOUNT_ID = "123456789012";
    static final String REGION = "us-east-1";
    static final String LEG_A = "LEG-A";

    private final AcceptedDial dial;
    private final String legACallId;
    private final long startTimeMillis;

    EventWriter(AcceptedDial dial, String legACallId, long startTimeMillis) {
        this.dial = dial;
        this.legACallId = legACallId;
        this.startTimeMillis = startTimeMillis;
    }

    String legACallId() {
        return legACallId;
    }

    /**
     * An event.
     *
     * @param sequence its Sequence
     * @param type its InvocationEventType
     * @param legStatus Connected, Disconnected, or null to leave Status out (before the answer)
     * @param attributes the transaction attributes the function set so far, or null for none yet
     * @param actionData ActionData, or null
     */
    ObjectNode event(long sequence, String type, String legStatus, Map<String, String> attributes,
                     JsonNode actionData) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("SchemaVersion", "1.0");
        e.put("Sequence", sequence);
        e.put("InvocationEventType", type);
        if (actionData != null) {
            e.set("ActionData", actionData);
        }
        ObjectNode details = e.putObject("CallDetails");
        details.put("TransactionId", dial.transactionId());
        if (attributes != null) {
            ObjectNode a = details.putObject("TransactionAttributes");
            attributes.forEach(a::put);
        }
        details.put("AwsAccountId", ACCOUNT_ID);
        details.put("AwsRegion", REGION);
        details.put("SipMediaApplicationId", dial.sipMediaApplicationId());
        ObjectNode leg = details.putArray("Participants").addObject();
        leg.put("CallId", legACallId);
        leg.put("ParticipantTag", LEG_A);
        leg.put("To", dial.toPhoneNumber());
        leg.put("From", dial.fromPhoneNumber());
        leg.put("Direction", "Outbound");
        leg.put("StartTimeInMilliseconds", Long.toString(startTimeMillis));
        if (legStatus != null) {
            leg.put("Status", legStatus);
        }
        return e;
    }

    /** NEW_OUTBOUND_CALL's ActionData: the dial's ArgumentsMap. */
    ObjectNode callCreateRequest() {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("Type", "CallCreateRequest");
        ObjectNode arguments = data.putObject("Parameters").putObject("Arguments");
        dial.arguments().forEach(arguments::put);
        return data;
    }

    /** CALL_UPDATE_REQUESTED's ActionData: the Arguments of UpdateSipMediaApplicationCall. */
    static ObjectNode callUpdateRequest(Map<String, String> arguments) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("Type", "CallUpdateRequest");
        ObjectNode values = data.putObject("Parameters").putObject("Arguments");
        arguments.forEach(values::put);
        return data;
    }

    /** HANGUP's ActionData for LEG-A with a SIP response code. */
    ObjectNode hangup(int sipResponseCode) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("Type", "Hangup");
        ObjectNode p = data.putObject("Parameters");
        p.put("SipResponseCode", Integer.toString(sipResponseCode));
        p.put("CallId", legACallId);
        p.put("ParticipantTag", LEG_A);
        return data;
    }

    /** ACTION_SUCCESSFUL's or ACTION_FAILED's ActionData: the action as given, plus the error when it failed. */
    static ObjectNode actionData(ResponseValidator.Action action, String errorType, String errorMessage) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("Type", action.type());
        data.set("Parameters", action.parameters().deepCopy());
        if (errorType != null) {
            data.put("ErrorType", errorType);
            data.put("ErrorMessage", errorMessage);
        }
        return data;
    }
}
