package com.cordiul.core;

import java.util.Locale;

/**
 * The rule for every field of free text a client writes and later reads back (key names, call messages; webhook
 * descriptions and call metadata when they come): an accepted value is stored and returned exactly as sent, never
 * trimmed or normalised, so a value that would read as another one is refused instead. A refusal is a 400 that
 * names the field and the first code point at fault:
 * <ul>
 *   <li>format characters (Unicode category Cf), which are invisible or change the direction of what follows:
 *       zero-width spaces and joiners (U+200B-U+200D, U+2060, U+FEFF), direction marks, embeddings, overrides and
 *       isolates (U+200E, U+200F, U+061C, U+202A-U+202E, U+2066-U+2069), U+180E, the soft hyphen, tags. The one
 *       exception: U+200C and U+200D between two characters of a script that is written with them (Arabic,
 *       Persian, the Indic scripts...), where they are spelling, not decoration;</li>
 *   <li>the blank Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, letters that show as nothing;</li>
 *   <li>controls (Cc: NUL, tab, carriage return, escape...), except a line feed in a field of several lines; line
 *       and paragraph separators (U+2028, U+2029);</li>
 *   <li>lone surrogates and noncharacters (U+FDD0-U+FDEF, U+FFFE, U+FFFF and their twins on every plane);</li>
 *   <li>whitespace at the start or the end (spaces inside are kept as sent);</li>
 *   <li>a blank value, and more code points than the field's limit, counted as sent.</li>
 * </ul>
 * Emoji, combining marks, other scripts and private-use characters are kept. Emoji joined with U+200D (families,
 * some professions) and flags of subdivisions (tag characters) are refused with the format characters.
 */
public final class FreeText {

    private final String field;
    private final int maxCodePoints;
    private final boolean lines;

    private FreeText(String field, int maxCodePoints, boolean lines) {
        this.field = field;
        this.maxCodePoints = maxCodePoints;
        this.lines = lines;
    }

    /** A field of one line, e.g. a name. */
    public static FreeText singleLine(String field, int maxCodePoints) {
        return new FreeText(field, maxCodePoints, false);
    }

    /** A field that may hold line feeds between its lines, e.g. a message. */
    public static FreeText multiLine(String field, int maxCodePoints) {
        return new FreeText(field, maxCodePoints, true);
    }

    /**
     * The value itself, unchanged, when the rule accepts it.
     *
     * @throws InvalidRequestException naming the field (and the code point at fault) otherwise
     */
    public String require(String value) {
        if (value == null || value.isBlank()) {
            throw refusal("must not be blank.");
        }
        int[] codePoints = value.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            if (!allowedAt(codePoints, i)) {
                throw refusal("must not contain " + describe(codePoints[i]) + " (character " + (i + 1)
                        + "): invisible, control and direction-changing characters are refused, so that every value "
                        + "reads as it looks.");
            }
        }
        if (isSpace(codePoints[0]) || isSpace(codePoints[codePoints.length - 1])) {
            int edge = isSpace(codePoints[0]) ? codePoints[0] : codePoints[codePoints.length - 1];
            throw refusal("must not " + (isSpace(codePoints[0]) ? "start" : "end") + " with whitespace ("
                    + describe(edge) + "): nothing is trimmed, so send the value exactly as it should read.");
        }
        if (codePoints.length > maxCodePoints) {
            throw refusal("must be at most " + maxCodePoints + " characters (Unicode code points); it has "
                    + codePoints.length + ".");
        }
        return value;
    }

    private boolean allowedAt(int[] codePoints, int i) {
        int c = codePoints[i];
        if (c == '\n') {
            return lines;
        }
        if ((c & 0xFFFE) == 0xFFFE || (c >= 0xFDD0 && c <= 0xFDEF)) {
            return false;
        }
        if (c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0) {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE ->
                    false;
            case Character.FORMAT -> (c == 0x200C || c == 0x200D) && joinsWithinAScript(codePoints, i);
            default -> true;
        };
    }

    /** Both neighbours belong to one script that is written with joiners (not Latin, Greek, Cyrillic or Common). */
    private static boolean joinsWithinAScript(int[] codePoints, int i) {
        if (i == 0 || i == codePoints.length - 1) {
            return false;
        }
        Character.UnicodeScript before = Character.UnicodeScript.of(codePoints[i - 1]);
        Character.UnicodeScript after = Character.UnicodeScript.of(codePoints[i + 1]);
        return before == after && switch (before) {
            case COMMON, INHERITED, UNKNOWN, LATIN, GREEK, CYRILLIC, ARMENIAN, GEORGIAN -> false;
            default -> true;
        };
    }

    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    private static String describe(int codePoint) {
        String name = Character.getName(codePoint);
        return String.format(Locale.ROOT, "U+%04X", codePoint) + (name == null ? "" : " " + name);
    }

    private InvalidRequestException refusal(String rule) {
        return new InvalidRequestException(field, "Field '" + field + "' " + rule);
    }
}
