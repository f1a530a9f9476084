package com.cordiul.logging;

import java.util.Map;

/**
 * Writes one flat JSON object of string values. The log path stays free of Jackson, so that a function which needs
 * no JSON binding of its own (the authorizer) does not pay Jackson's start-up in its cold start.
 */
final class JsonLine {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonLine() {
    }

    /** {@code {"k":"v",...}} in the map's order; null values are written as JSON null. */
    static String of(Map<String, String> fields) {
        StringBuilder out = new StringBuilder(256).append('{');
        boolean first = true;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, field.getKey());
            out.append(':');
            if (field.getValue() == null) {
                out.append("null");
            } else {
                string(out, field.getValue());
            }
        }
        return out.append('}').toString();
    }

    private static void string(StringBuilder out, String value) {
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
