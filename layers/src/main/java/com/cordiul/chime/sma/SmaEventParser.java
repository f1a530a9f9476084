package com.cordiul.chime.sma;

import com.cordiul.core.Json;
import java.math.BigDecimal;
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
            return read(Json.parse(json));
        } catch (RuntimeException e) {
            return new Result.Malformed("not JSON: " + e.getClass().getSimpleName());
        }
    }

    /** The event, or why it is malformed. */
    public static Result parse(String json) {
        try {
            return read(Json.parse(json));
        } catch (RuntimeException e) {
            return new Result.Malformed("not JSON: " + e.getClass().getSimpleName());
        }
    }

    private static Result read(Object root) {
        if (!(root instanceof Map<?, ?> event)) {
            return new Result.Malformed("the event is not a JSON object");
        }
        if (!(event.get("InvocationEventType") instanceof String typeName)) {
            return new Result.Malformed("InvocationEventType is missing");
        }
        if (!(event.get("CallDetails") instanceof Map<?, ?> details)) {
            return new Result.Malformed("CallDetails is missing");
        }
        String smaId = text(details.get("SipMediaApplicationId"));
        if (smaId == null) {
            smaId = text(details.get("SipApplicationId"));
        }
        return new Result.Parsed(new SmaEvent(text(event.get("SchemaVersion")), number(event.get("Sequence")),
                typeName, SmaEventType.of(typeName), text(details.get("TransactionId")),
                strings(details.get("TransactionAttributes")), text(details.get("AwsAccountId")),
                text(details.get("AwsRegion")), smaId, participants(details.get("Participants")),
                actionData(event.get("ActionData")), text(event.get("ErrorType")), text(event.get("ErrorMessage"))));
    }

    private static List<SmaEvent.Participant> participants(Object node) {
        List<SmaEvent.Participant> list = new ArrayList<>();
        if (node instanceof List<?> array) {
            for (Object element : array) {
                if (element instanceof Map<?, ?> p) {
                    list.add(new SmaEvent.Participant(text(p.get("CallId")), text(p.get("ParticipantTag")),
                            text(p.get("To")), text(p.get("From")), text(p.get("Direction")),
                            number(p.get("StartTimeInMilliseconds")), text(p.get("Status"))));
                }
            }
        }
        return list;
    }

    private static SmaEvent.ActionData actionData(Object node) {
        if (!(node instanceof Map<?, ?> action)) {
            return null;
        }
        Object parameters = action.get("Parameters");
        Map<String, String> arguments = Map.of();
        Integer sipCode = null;
        if (parameters instanceof Map<?, ?> p) {
            arguments = strings(p.get("Arguments"));
            Long code = number(p.get("SipResponseCode"));
            sipCode = code != null && code >= 0 && code <= 999 ? code.intValue() : null;
        }
        return new SmaEvent.ActionData(text(action.get("Type")), strings(parameters), arguments, sipCode,
                text(action.get("ErrorType")), text(action.get("ErrorMessage")));
    }

    /** The scalar entries of an object, as text; anything else is left out. */
    private static Map<String, String> strings(Object node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node instanceof Map<?, ?> object) {
            object.forEach((key, value) -> {
                String text = text(value);
                if (text != null) {
                    map.put((String) key, text);
                }
            });
        }
        return map;
    }

    /** Text of a string, number or boolean; null for anything else. */
    private static String text(Object node) {
        if (node instanceof String s) {
            return s;
        }
        if (node instanceof BigDecimal d) {
            return d.toString();
        }
        return node instanceof Number || node instanceof Boolean ? node.toString() : null;
    }

    /** A whole number sent as a JSON number or as a decimal string; null when it is neither or out of range. */
    private static Long number(Object node) {
        if (node instanceof Long l) {
            return l;
        }
        if (node instanceof String text) {
            String s = text.trim();
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
