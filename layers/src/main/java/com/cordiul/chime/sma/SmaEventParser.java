package com.cordiul.chime.sma;

import com.cordiul.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an SMA event from its JSON with tree reading, never binding: a field of an unexpected type is read as
 * absent rather than failing the whole event, and nothing the payload holds makes the parser throw. Only an
 * event without JSON, an object root, a textual {@code InvocationEventType} or a {@code CallDetails} object is
 * {@link Result.Malformed}.
 */
public final class SmaEventParser {

    private SmaEventParser() {
    }

    /** The event, or why it is malformed. */
    public static Result parse(byte[] json) {
        try {
            return read(Json.mapper().readTree(json));
        } catch (IOException | RuntimeException e) {
            return new Result.Malformed("not JSON: " + e.getClass().getSimpleName());
        }
    }

    /** The event, or why it is malformed. */
    public static Result parse(String json) {
        try {
            return read(Json.mapper().readTree(json));
        } catch (IOException | RuntimeException e) {
            return new Result.Malformed("not JSON: " + e.getClass().getSimpleName());
        }
    }

    private static Result read(JsonNode root) {
        if (root == null || !root.isObject()) {
            return new Result.Malformed("the event is not a JSON object");
        }
        JsonNode typeNode = root.get("InvocationEventType");
        if (typeNode == null || !typeNode.isTextual()) {
            return new Result.Malformed("InvocationEventType is missing");
        }
        JsonNode details = root.get("CallDetails");
        if (details == null || !details.isObject()) {
            return new Result.Malformed("CallDetails is missing");
        }
        String typeName = typeNode.textValue();
        String smaId = text(details.get("SipMediaApplicationId"));
        if (smaId == null) {
            smaId = text(details.get("SipApplicationId"));
        }
        return new Result.Parsed(new SmaEvent(text(root.get("SchemaVersion")), number(root.get("Sequence")),
                typeName, SmaEventType.of(typeName), text(details.get("TransactionId")),
                strings(details.get("TransactionAttributes")), text(details.get("AwsAccountId")),
                text(details.get("AwsRegion")), smaId, participants(details.get("Participants")),
                actionData(root.get("ActionData")), text(root.get("ErrorType")), text(root.get("ErrorMessage"))));
    }

    private static List<SmaEvent.Participant> participants(JsonNode node) {
        List<SmaEvent.Participant> list = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode p : node) {
                if (p.isObject()) {
                    list.add(new SmaEvent.Participant(text(p.get("CallId")), text(p.get("ParticipantTag")),
                            text(p.get("To")), text(p.get("From")), text(p.get("Direction")),
                            number(p.get("StartTimeInMilliseconds")), text(p.get("Status"))));
                }
            }
        }
        return list;
    }

    private static SmaEvent.ActionData actionData(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode parameters = node.get("Parameters");
        Map<String, String> arguments = Map.of();
        Integer sipCode = null;
        if (parameters != null && parameters.isObject()) {
            arguments = strings(parameters.get("Arguments"));
            Long code = number(parameters.get("SipResponseCode"));
            sipCode = code != null && code >= 0 && code <= 999 ? code.intValue() : null;
        }
        return new SmaEvent.ActionData(text(node.get("Type")), strings(parameters), arguments, sipCode,
                text(node.get("ErrorType")), text(node.get("ErrorMessage")));
    }

    /** The scalar entries of an object, as text; anything else is left out. */
    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> {
                String value = text(e.getValue());
                if (value != null) {
                    map.put(e.getKey(), value);
                }
            });
        }
        return map;
    }

    /** Text of a string, number or boolean; null for anything else. */
    private static String text(JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            return null;
        }
        return node.asText();
    }

    /** A whole number sent as a JSON number or as a decimal string; null when it is neither or out of range. */
    private static Long number(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.longValue() : null;
        }
        if (node.isTextual()) {
            String s = node.textValue().trim();
            if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            BigInteger value = new BigInteger(s);
            return value.bitLength() < 64 ? value.longValue() : null;
        }
        return null;
    }

    /** What parsing gave. */
    public sealed interface Result {

        /** A readable event. */
        record Parsed(SmaEvent event) implements Result {
        }

        /**
         * Not an event; the problem names what is missing, never the payload.
         *
         * @param problem what is wrong, for the log
         */
        record Malformed(String problem) implements Result {
        }
    }
}
