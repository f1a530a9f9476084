package com.cordiul.chime.sma;

import java.util.Objects;

/**
 * The Amazon Polly voice of Speak actions.
 *
 * @param voiceId e.g. {@code Joanna}
 * @param languageCode e.g. {@code en-US}
 * @param engine {@code standard} or {@code neural}
 */
public record SpeakVoice(String voiceId, String languageCode, String engine) {

    public SpeakVoice {
        Objects.requireNonNull(voiceId, "voiceId");
        Objects.requireNonNull(languageCode, "languageCode");
        Objects.requireNonNull(engine, "engine");
    }
}
