package com.cordiul.chime.sma;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One invocation of the SIP media application's Lambda function, as far as Cordiul reads it. Every field but the
 * type may be absent (null, or empty for collections): Chime's payloads vary between event types and versions.
 *
 * @param schemaVersion {@code SchemaVersion}, "1.0" so far
 * @param sequence {@code Sequence}, incremented by Chime per invocation
 * @param eventTypeName {@code InvocationEventType} as sent
 * @param type that type, or {@link SmaEventType#UNKNOWN}
 * @param transactionId {@code CallDetails.TransactionId}
 * @param transactionAttributes {@code CallDetails.TransactionAttributes}: what the previous response set
 * @param awsAccountId {@code CallDetails.AwsAccountId}
 * @param awsRegion {@code CallDetails.AwsRegion}
 * @param sipMediaApplicationId {@code CallDetails.SipMediaApplicationId}, or the older {@code SipApplicationId}
 * @param participants {@code CallDetails.Participants}
 * @param actionData {@code ActionData}, or null
 * @param errorType top-level {@code ErrorType} (INVALID_LAMBDA_RESPONSE)
 * @param errorMessage top-level {@code ErrorMessage}
 */
public record SmaEvent(String schemaVersion, Long sequence, String eventTypeName, SmaEventType type,
                       String transactionId, Map<String, String> transactionAttributes, String awsAccountId,
                       String awsRegion, String sipMediaApplicationId, List<Participant> participants,
                       ActionData actionData, String errorType, String errorMessage) {

    /** The tag of the leg Chime dials for CreateSipMediaApplicationCall. */
    public static final String LEG_A = "LEG-A";

    public SmaEvent {
        transactionAttributes = transactionAttributes == null ? Map.of() : Map.copyOf(transactionAttributes);
        participants = participants == null ? List.of() : List.copyOf(participants);
    }

    /** The participant with that tag, if the event lists it. */
    public Optional<Participant> participant(String tag) {
        return participants.stream().filter(p -> tag.equals(p.participantTag())).findFirst();
    }

    /** ActionData's arguments (the ArgumentsMap of the dial, on NEW_OUTBOUND_CALL); empty when absent. */
    public Map<String, String> arguments() {
        return actionData == null ? Map.of() : actionData.arguments();
    }

    /**
     * One leg of the call.
     *
     * @param callId {@code CallId}, which actions name
     * @param participantTag {@code LEG-A} or {@code LEG-B}
     * @param to {@code To}, E.164
     * @param from {@code From}, E.164
     * @param direction {@code Inbound} or {@code Outbound}
     * @param startTimeInMilliseconds when the leg was created (not answered), epoch ms, or null
     * @param status {@code Connected} or {@code Disconnected}, absent on some events
     */
    public record Participant(String callId, String participantTag, String to, String from, String direction,
                              Long startTimeInMilliseconds, String status) {
    }

    /**
     * What the event reports about an action, or the arguments of a new call.
     *
     * @param type {@code ActionData.Type}: the action, or {@code CallCreateRequest} on NEW_OUTBOUND_CALL; on a
     *             LEG-B hangup the last running action's type rather than {@code Hangup}
     * @param parameters the scalar entries of {@code ActionData.Parameters}, as text
     * @param arguments {@code ActionData.Parameters.Arguments}
     * @param sipResponseCode {@code ActionData.Parameters.SipResponseCode}, sent as a number or a string
     * @param errorType {@code ActionData.ErrorType} (ACTION_FAILED)
     * @param errorMessage {@code ActionData.ErrorMessage}
     */
    public record ActionData(String type, Map<String, String> parameters, Map<String, String> arguments,
                             Integer sipResponseCode, String errorType, String errorMessage) {

        public ActionData {
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
            arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
        }
    }
}
