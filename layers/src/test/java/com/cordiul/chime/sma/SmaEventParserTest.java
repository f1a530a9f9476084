package com.cordiul.chime.sma;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.chime.sma.SmaEventParser.Result;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmaEventParserTest {

    private static SmaEvent parsed(String json) {
        Result result = SmaEventParser.parse(json);
        assertThat(result).isInstanceOf(Result.Parsed.class);
        return ((Result.Parsed) result).event();
    }

    @Test
    void newOutboundCall_givesArgumentsParticipantsAndStringStartTime() {
        SmaEvent e = parsed(Fixtures.read("call-status-new-outbound-call.json"));
        assertThat(e.type()).isEqualTo(SmaEventType.NEW_OUTBOUND_CALL);
        assertThat(e.schemaVersion()).isEqualTo("1.0");
        assertThat(e.sequence()).isEqualTo(1L);
        assertThat(e.transactionId()).isEqualTo("7b1e8f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b");
        assertThat(e.sipMediaApplicationId()).isEqualTo("b89ecad8-1111-2222-3333-444455556666");
        assertThat(e.arguments()).containsEntry("call_id", "call_01JD0000000000000000000000")
                .containsEntry("owner", "user_2NNEqL2nrIRdJ194ndJqAHwEfxC");
        assertThat(e.transactionAttributes()).isEmpty();
        SmaEvent.Participant legA = e.participant("LEG-A").orElseThrow();
        assertThat(legA.callId()).isEqualTo("2adfe491-aaaa-bbbb-cccc-ddddeeeeffff");
        assertThat(legA.startTimeInMilliseconds()).isEqualTo(1_732_800_000_000L);
        assertThat(legA.status()).isNull();
    }

    @Test
    void sipResponseCode_isReadAsStringOrNumber() {
        assertThat(parsed(Fixtures.read("call-status-hangup-after-answer.json")).actionData().sipResponseCode())
                .isZero();
        assertThat(parsed(Fixtures.read("call-status-hangup-busy.json")).actionData().sipResponseCode())
                .isEqualTo(486);
    }

    @Test
    void errorsOfFailedActionsAndRefusedResponses_areRead() {
        SmaEvent failed = parsed(Fixtures.read("call-status-action-failed.json"));
        assertThat(failed.actionData().type()).isEqualTo("Speak");
        assertThat(failed.actionData().errorType()).isEqualTo("SystemException");
        SmaEvent invalid = parsed(Fixtures.read("call-status-invalid-lambda-response.json"));
        assertThat(invalid.errorType()).isEqualTo("InvalidResponse");
        assertThat(invalid.errorMessage()).isEqualTo("Invalid Action specified");
        assertThat(invalid.transactionAttributes()).containsKeys("call_id", "owner");
    }

    @Test
    void olderSipApplicationIdName_andUnknownType_areAccepted() {
        SmaEvent e = parsed("{\"InvocationEventType\":\"SOMETHING_NEW\",\"CallDetails\":"
                + "{\"SipApplicationId\":\"sma-old\",\"Participants\":\"not a list\"}}");
        assertThat(e.type()).isEqualTo(SmaEventType.UNKNOWN);
        assertThat(e.eventTypeName()).isEqualTo("SOMETHING_NEW");
        assertThat(e.sipMediaApplicationId()).isEqualTo("sma-old");
        assertThat(e.participants()).isEmpty();
        assertThat(e.actionData()).isNull();
    }

    @Test
    void fieldsOfUnexpectedTypes_areReadAsAbsent() {
        SmaEvent e = parsed("{\"InvocationEventType\":\"HANGUP\",\"Sequence\":\"x\",\"CallDetails\":"
                + "{\"TransactionId\":{},\"TransactionAttributes\":{\"a\":[1],\"b\":\"ok\"},\"Participants\":"
                + "[1,{\"CallId\":7,\"StartTimeInMilliseconds\":\"-5\"}]},"
                + "\"ActionData\":{\"Type\":\"Speak\",\"Parameters\":{\"SipResponseCode\":\"486x\"}}}");
        assertThat(e.sequence()).isNull();
        assertThat(e.transactionId()).isNull();
        assertThat(e.transactionAttributes()).containsOnlyKeys("b");
        assertThat(e.participants()).singleElement().satisfies(p -> {
            assertThat(p.callId()).isEqualTo("7");
            assertThat(p.startTimeInMilliseconds()).isNull();
        });
        assertThat(e.actionData().sipResponseCode()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "\"HANGUP\"", "{", "{\"CallDetails\":{}}",
        "{\"InvocationEventType\":7,\"CallDetails\":{}}", "{\"InvocationEventType\":\"RINGING\"}",
        "{\"InvocationEventType\":\"RINGING\",\"CallDetails\":[]}",
        "{\"InvocationEventType\":\"RINGING\",\"InvocationEventType\":\"HANGUP\",\"CallDetails\":{}}",
        "{\"InvocationEventType\":\"RINGING\",\"CallDetails\":{}} trailing"})
    void notAnEvent_isMalformed(String json) {
        assertThat(SmaEventParser.parse(json)).isInstanceOf(Result.Malformed.class);
    }

    @Test
    void deeplyNestedPayload_isMalformed_notAStackOverflow() {
        String deep = "{\"InvocationEventType\":\"RINGING\",\"CallDetails\":" + "[".repeat(5000)
                + "]".repeat(5000) + "}";
        assertThat(SmaEventParser.parse(deep)).isInstanceOf(Result.Malformed.class);
    }

    @Property(tries = 500)
    void arbitraryBytes_neverThrow(@ForAll byte[] bytes) {
        assertThat(SmaEventParser.parse(bytes)).isNotNull();
    }

    @Property(tries = 1000)
    void mutatedFixtures_neverThrow(@ForAll("mutatedEvents") String json) {
        Result result = SmaEventParser.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(result).isNotNull();
        if (result instanceof Result.Parsed parsed) {
            assertThat(parsed.event().type()).isNotNull();
        }
    }

    @Provide
    Arbitrary<String> mutatedEvents() {
        Arbitrary<String> fixture = Arbitraries.of(Fixtures.all()).map(Fixtures::read);
        Arbitrary<String> junk = Arbitraries.of("", "null", "1e999", "-1", "\"486\"", "[]", "{}", "true", "\"",
                "{\"a\":", "]", "\\u0000", "99999999999999999999999", "\"\\ud800\"");
        Arbitrary<List<Integer>> positions = Arbitraries.integers().between(0, Integer.MAX_VALUE).list()
                .ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(fixture, junk, positions, Arbitraries.of(true, false)).as((text, insert, at,
                replaceValue) -> {
            StringBuilder s = new StringBuilder(text);
            for (int p : at) {
                int i = p % (s.length() + 1);
                if (replaceValue) {
                    // Replace whatever follows a colon with junk: a field of the wrong type or a broken document.
                    int colon = s.indexOf(":", i);
                    if (colon >= 0) {
                        int end = colon + 1;
                        while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) {
                            end++;
                        }
                        s.replace(colon + 1, end, insert);
                        continue;
                    }
                }
                if (i < s.length() && p % 3 == 0) {
                    s.deleteCharAt(i);
                } else {
                    s.insert(i, insert);
                }
            }
            return s.toString();
        });
    }
}
