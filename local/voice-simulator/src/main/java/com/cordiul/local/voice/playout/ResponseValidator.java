package com.cordiul.local.voice.playout;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a function's response the way Chime does before running it: JSON, {@code SchemaVersion} "1.0", an
 * {@code Actions} array of at most 10 actions of known types with their required parameters, and string-valued
 * {@code TransactionAttributes}.
 */
final class ResponseValidator {

    static final int MAX_ACTIONS = 10;

    /** Every action type of the PSTN audio service. */
    static final Set<String> KNOWN_TYPES = Set.of("CallAndBridge", "Hangup", "JoinChimeMeeting",
            "ModifyChimeMeetingAttendees", "Pause", "PlayAudio", "PlayAudioAndGetDigits", "ReceiveDigits",
            "RecordAudio", "SendDigits", "Speak", "SpeakAndGetDigits", "StartBotConversation",
            "StartCallRecording", "StopCallRecording", "PauseCallRecording", "ResumeCallRecording", "VoiceFocus");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private ResponseValidator() {
    }

    /** The response's actions and attributes, or why Chime would refuse it. */
    static Validation validate(String json) {
        JsonNode root;
        try {
            root = json == null ? null : MAPPER.readTree(json);
        } catch (Exception e) {
            return invalid("The response is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return invalid("The response is not a JSON object");
        }
        if (!"1.0".equals(root.path("SchemaVersion").textValue())) {
            return invalid("SchemaVersion must be \"1.0\"");
        }
        JsonNode actions = root.get("Actions");
        if (actions == null || !actions.isArray()) {
            return invalid("Actions must be an array");
        }
        if (actions.size() > MAX_ACTIONS) {
            return invalid("At most " + MAX_ACTIONS + " actions are allowed");
        }
        List<Action> list = new ArrayList<>();
        for (JsonNode a : actions) {
            String problem = problem(a);
            if (problem != null) {
                return invalid(problem);
            }
            JsonNode parameters = a.get("Parameters");
            list.add(new Action(a.get("Type").textValue(), parameters == null
                    ? JsonNodeFactory.instance.objectNode() : (ObjectNode) parameters));
        }
        JsonNode attributes = root.get("TransactionAttributes");
        Map<String, String> carried = null;
        if (attributes != null && !attributes.isNull()) {
            if (!attributes.isObject()) {
                return invalid("TransactionAttributes must be an object");
            }
            carried = new LinkedHashMap<>();
            for (var e : attributes.properties()) {
                if (!e.getValue().isTextual()) {
                    return invalid("TransactionAttributes values must be strings");
                }
                carried.put(e.getKey(), e.getValue().textValue());
            }
        }
        return new Validation.Valid(list, carried);
    }

    private static String problem(JsonNode action) {
        if (!action.isObject() || !action.path("Type").isTextual()) {
            return "Each action needs a Type";
        }
        String type = action.get("Type").textValue();
        if (!KNOWN_TYPES.contains(type)) {
            return "Invalid Action specified: " + type;
        }
        JsonNode parameters = action.get("Parameters");
        if (parameters != null && !parameters.isObject()) {
            return type + ": Parameters must be an object";
        }
        JsonNode p = parameters == null ? JsonNodeFactory.instance.objectNode() : parameters;
        return switch (type) {
            case "Speak" -> !nonBlankText(p.get("Text")) ? "Speak: Text is required"
                    : !nonBlankText(p.get("CallId")) ? "Speak: CallId is required" : null;
            case "Pause" -> millis(p.get("DurationInMilliseconds")) < 0
                    ? "Pause: DurationInMilliseconds must be a whole number of milliseconds" : null;
            case "Hangup" -> p.has("SipResponseCode") && millis(p.get("SipResponseCode")) < 0
                    ? "Hangup: SipResponseCode must be a number" : null;
            default -> null;
        };
    }

    private static boolean nonBlankText(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isBlank();
    }

    /** A non-negative whole number given as a number or a string, else -1. */
    static long millis(JsonNode node) {
        if (node == null) {
            return -1;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Math.max(-1, node.longValue());
        }
        if (node.isTextual() && node.textValue().matches("\\d{1,12}")) {
            return Long.parseLong(node.textValue());
        }
        return -1;
    }

    private static Validation invalid(String message) {
        return new Validation.Invalid("InvalidResponse", message);
    }

    /**
     * One action to run.
     *
     * @param type its type
     * @param parameters its parameters
     */
    record Action(String type, ObjectNode parameters) {
    }

    /** What validation gave. */
    sealed interface Validation {

        /**
         * A response Chime would run.
         *
         * @param actions the actions
         * @param attributes the new transaction attributes, or null to keep the current ones
         */
        record Valid(List<Action> actions, Map<String, String> attributes) implements Validation {
        }

        /**
         * A response Chime would refuse, reported back to the function in INVALID_LAMBDA_RESPONSE.
         *
         * @param errorType {@code ErrorType}
         * @param errorMessage {@code ErrorMessage}
         */
        record Invalid(String errorType, String errorMessage) implements Validation {
        }
    }
}
