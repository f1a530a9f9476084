package com.cordiul.chime.sma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.testing.TestJson;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SmaResponseTest {

    private static final SpeakVoice VOICE = new SpeakVoice("Joanna", "en-US", "neural");

    @Test
    void speakThenHangup_isWrittenInChimesShape() throws Exception {
        String json = SmaResponse.builder()
                .action(SmaAction.speak("Hello", "leg-a-id", VOICE))
                .action(SmaAction.hangup("LEG-A"))
                .attribute("call_id", "call_1")
                .attribute("owner", "user_1")
                .build().toJson();
        JsonNode root = TestJson.mapper().readTree(json);
        assertThat(root.get("SchemaVersion").asText()).isEqualTo("1.0");
        assertThat(root.get("Actions")).hasSize(2);
        assertThat(root.at("/Actions/0").toString()).isEqualTo("{\"Type\":\"Speak\",\"Parameters\":{\"Text\":"
                + "\"Hello\",\"CallId\":\"leg-a-id\",\"Engine\":\"neural\",\"LanguageCode\":\"en-US\","
                + "\"TextType\":\"text\",\"VoiceId\":\"Joanna\"}}");
        assertThat(root.at("/Actions/1").toString())
                .isEqualTo("{\"Type\":\"Hangup\",\"Parameters\":"
                        + "{\"SipResponseCode\":\"0\",\"ParticipantTag\":\"LEG-A\"}}");
        assertThat(root.at("/TransactionAttributes/call_id").asText()).isEqualTo("call_1");
        assertThat(root.at("/TransactionAttributes/owner").asText()).isEqualTo("user_1");
    }

    @Test
    void emptyResponse_hasAnEmptyActionList() {
        assertThat(SmaResponse.empty().toJson()).isEqualTo("{\"SchemaVersion\":\"1.0\",\"Actions\":[]}");
    }

    @Test
    void eleventhAction_isRefusedByTheBuilder() {
        SmaResponse.Builder builder = SmaResponse.builder();
        for (int i = 0; i < SmaResponse.MAX_ACTIONS; i++) {
            builder.action(SmaAction.pause(10));
        }
        assertThat(builder.build().actions()).hasSize(10);
        assertThatThrownBy(() -> builder.action(SmaAction.pause(10))).isInstanceOf(IllegalStateException.class);
    }
}
