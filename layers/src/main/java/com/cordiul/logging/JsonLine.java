package com.cordiul.logging;

import java.util.Map;

/**
 * Writes one flat JSON object of strings, booleans and numbers. The log path stays free of Jackson, so that a
 * function which needs no JSON binding of its own (the authorizer) does not pay Jackson's start-up in its cold
 * start; the metrics documents ({@code com.cordiul.telemetry}) are written with the same escaping.
 */
public final class JsonLine {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonLine() {
    }

    /**
     * {@code {"k":"v",...}} in the map's order: a {@link Boolean} or a {@link Number} as itself, null as JSON null,
     * anything else as its string.
     */
    public static String of(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder(320).append('{');
        boolean first = true;
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, field.getKey());
            out.append(':');
            value(out, field.getValue());
        }
        return out.append('}').toString();
    }

    /** Appends a JSON value: a boolean or a finite number as itself, null as null, anything else as a string. */
    public static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Double d && Double.isFinite(d)) {
            out.append(d % 1 == 0 && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString());
        } else if (value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else {
            string(out, value.toString());
        }
    }

    /** Appends the text as a JSON string, escaped so that the line stays one line of valid UTF-8. */
    public static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Control characters, and lone surrogates (which are not valid UTF-8), are escaped.
                    boolean loneSurrogate = Character.isSurrogate(c) && !(Character.isHighSurrogate(c)
                            && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1)));
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || loneSurrogate) {
                        out.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15])
                                .append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
                    } else {
                        out.append(c);
                        if (Character.isHighSurrogate(c)) {
                            out.append(value.charAt(++i));
                        }
                    }
                }
            }
        }
        out.append('"');
    }
}
