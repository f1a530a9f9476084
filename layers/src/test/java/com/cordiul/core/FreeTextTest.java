package com.cordiul.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class FreeTextTest {

    private static final FreeText NAME = FreeText.singleLine("name", 10);
    private static final FreeText MESSAGE = FreeText.multiLine("message", 20);

    @Test
    void visibleText_isReturnedUnchanged_inAnyScript_withEmojiAndCombiningMarks() {
        List<String> values = List.of("Billing  script", "e\u0301t\u00e9", "\u05e9\u05dc\u05d5\u05dd",
                "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0915\u094d\u200d\u0937",
                "\u2764\ufe0f \uD83D\uDCDE", "\uD83C\uDDEB\uD83C\uDDF7", "\ue000 private", "a\u3000b");
        for (String value : values) {
            assertThat(MESSAGE.require(value)).isSameAs(value);
        }
    }

    @Test
    void aLineFeed_isKeptInsideAMessage_butNotInAName() {
        assertThat(MESSAGE.require("Hello.\nBye.")).isEqualTo("Hello.\nBye.");
        assertThatThrownBy(() -> NAME.require("a\nb")).hasMessageContaining("U+000A");
        assertThatThrownBy(() -> MESSAGE.require("a\r\nb")).hasMessageContaining("U+000D");
        assertThatThrownBy(() -> MESSAGE.require("Hello.\n")).hasMessageContaining("end with whitespace");
    }

    @Test
    void aRefusal_namesTheFieldTheCodePointAndWhereItIs() {
        assertThatThrownBy(() -> NAME.require("ab\u202ec"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("name"))
                .hasMessageStartingWith("Field 'name' must not contain U+202E RIGHT-TO-LEFT OVERRIDE (character 3)");
        assertThatThrownBy(() -> NAME.require(" a")).hasMessageContaining("start with whitespace (U+0020 SPACE)");
    }

    @Test
    void joiners_areKeptOnlyBetweenLettersOfAScriptWrittenWithThem() {
        assertThat(NAME.require("\u0645\u06cc\u200c\u062e")).isNotNull();
        assertThatThrownBy(() -> NAME.require("ad\u200cmin")).hasMessageContaining("U+200C");
        assertThatThrownBy(() -> NAME.require("\u200c\u0645")).hasMessageContaining("U+200C");
        assertThatThrownBy(() -> NAME.require("\u0645\u200c")).hasMessageContaining("U+200C");
        assertThatThrownBy(() -> NAME.require("\u0645\u200ca")).hasMessageContaining("U+200C");
        assertThatThrownBy(() -> NAME.require("\uD83D\uDC68\u200d\uD83D\uDC69")).hasMessageContaining("U+200D");
    }

    @Test
    void lengthIsCountedInCodePoints_asSent() {
        String tenPhones = "\uD83D\uDCDE".repeat(10);
        assertThat(NAME.require(tenPhones)).isEqualTo(tenPhones);
        assertThatThrownBy(() -> NAME.require(tenPhones + "x")).hasMessageContaining("at most 10")
                .hasMessageContaining("it has 11");
    }

    @Test
    void loneSurrogatesAndNoncharacters_areRefused() {
        for (String value : List.of("a\ud800b", "a\udc00", "a\ufffe", "a\uffff", "a\ufdd0", "a\uD83F\uDFFF")) {
            assertThatThrownBy(() -> NAME.require(value)).as(value).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("must not contain U+");
        }
    }

    @Test
    void blankOrMissing_isRefused() {
        for (String value : java.util.Arrays.asList(null, "", "   ", "\n", "\u2028")) {
            assertThatThrownBy(() -> MESSAGE.require(value)).hasMessageContaining("must not be blank");
        }
    }

    @Property
    void anyValue_isEitherReturnedUnchanged_orRefusedWithA400NamingTheField(@ForAll("text") String value) {
        String accepted;
        try {
            accepted = MESSAGE.require(value);
        } catch (InvalidRequestException refused) {
            assertThat(refused.field()).contains("message");
            return;
        }
        assertThat(accepted).isSameAs(value);
        int[] codePoints = value.codePoints().toArray();
        assertThat(codePoints.length).isBetween(1, 20);
        assertThat(Character.isWhitespace(codePoints[0]) || Character.isSpaceChar(codePoints[0])).isFalse();
        assertThat(Character.isWhitespace(codePoints[codePoints.length - 1])).isFalse();
        for (int c : codePoints) {
            int type = Character.getType(c);
            assertThat(type == Character.CONTROL && c != '\n' || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.FORMAT && c != 0x200C && c != 0x200D).as("U+%04X", c).isFalse();
        }
    }

    @Provide
    Arbitrary<String> text() {
        Arbitrary<Character> tricky = Arbitraries.of(' ', '\n', '\r', '\t', '\u0000', '\u00a0', '\u00ad', '\u200b',
                '\u200c', '\u200d', '\u200e', '\u202e', '\u2028', '\u2066', '\u3164', '\ufeff', '\ud800', '\udc00',
                '\ufffe', 'a', '\u0645', '\u0301');
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(24),
                Arbitraries.strings().withChars("ab \u0645").ofMaxLength(24),
                tricky.list().ofMaxSize(24).map(chars -> {
                    StringBuilder text = new StringBuilder();
                    chars.forEach(text::append);
                    return text.toString();
                }));
    }
}
