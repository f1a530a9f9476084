package com.cordiul.chime.sma;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One action of a response: a type and its parameters, all sent as strings as Chime's examples do.
 *
 * @param type the action type, e.g. {@code Speak}
 * @param parameters its parameters, in the order given
 */
public record SmaAction(String type, Map<String, String> parameters) implements JsonWritable {

    public SmaAction {
        Objects.requireNonNull(type, "type");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** {@code {"Type": ..., "Parameters": {...}}}. */
    @Override
    public void writeJson(JsonWriter out) {
        out.field("Type", type).field("Parameters", parameters);
    }

    /** Speaks plain text to one leg with an Amazon Polly voice. */
    public static SmaAction speak(String text, String callId, SpeakVoice voice) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Text", Objects.requireNonNull(text, "text"));
        p.put("CallId", Objects.requireNonNull(callId, "callId"));
        p.put("Engine", voice.engine());
        p.put("LanguageCode", voice.languageCode());
        p.put("TextType", "text");
        p.put("VoiceId", voice.voiceId());
        return new SmaAction("Speak", p);
    }

    /** Hangs up a leg with a SIP response code ("0": normal clearing). */
    public static SmaAction hangup(String participantTag) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("SipResponseCode", "0");
        p.put("ParticipantTag", Objects.requireNonNull(participantTag, "participantTag"));
        return new SmaAction("Hangup", p);
    }

    /** Waits on the call. */
    public static SmaAction pause(long millis) {
        return new SmaAction("Pause", Map.of("DurationInMilliseconds", Long.toString(millis)));
    }
}
