package com.cordiul.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.identity.Credential;
import com.cordiul.identity.UnauthenticatedException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialExtractorTest {

    private static final String KEY = "ck_live_P7qESGYXjzyePxC6YaQeI2koftq8m2AjEEpWjENv6HM2TIwa8";
    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJl";

    @ParameterizedTest
    @ValueSource(strings = {"Bearer " + KEY, "bearer " + KEY, "BEARER " + KEY, "  Bearer    " + KEY + "  ",
            "Bearer\t" + KEY})
    void bearerScheme_isAcceptedInAnyCase_withExtraSpaces(String authorization) {
        assertThat(CredentialExtractor.extract(Map.of("Authorization", authorization)))
                .isEqualTo(new Credential.ApiKey(KEY));
    }

    @Test
    void xApiKey_isAccepted_underAnyHeaderCase() {
        assertThat(CredentialExtractor.extract(Map.of("X-Api-Key", " " + KEY + " ")))
                .isEqualTo(new Credential.ApiKey(KEY));
    }

    @Test
    void bothHeaders_withTheSameKey_areAccepted() {
        assertThat(CredentialExtractor.extract(Map.of("authorization", "Bearer " + KEY, "x-api-key", KEY)))
                .isEqualTo(new Credential.ApiKey(KEY));
    }

    @Test
    void bothHeaders_withDifferentValues_areRefused() {
        assertThatThrownBy(() -> CredentialExtractor.extract(
                Map.of("Authorization", "Bearer " + KEY, "x-api-key", KEY.replace('P', 'Q'))))
                .isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void aHeaderGivenTwiceWithDifferentValues_isRefused() {
        Map<String, String> headers = new HashMap<>();
        headers.put("x-api-key", KEY);
        headers.put("X-API-KEY", "ck_live_other");
        assertThatThrownBy(() -> CredentialExtractor.extract(headers)).isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void bearerJwt_isASessionToken() {
        assertThat(CredentialExtractor.extract(Map.of("Authorization", "Bearer " + JWT)))
                .isEqualTo(new Credential.SessionToken(JWT));
        String unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyXzEifQ.";
        assertThat(CredentialExtractor.extract(Map.of("Authorization", "Bearer " + unsigned)))
                .isInstanceOf(Credential.SessionToken.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token " + KEY, KEY, "Bearer a b"})
    void otherAuthorizationForms_areRefused(String authorization) {
        assertThatThrownBy(() -> CredentialExtractor.extract(Map.of("Authorization", authorization)))
                .isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void noCredential_isRefused() {
        assertThatThrownBy(() -> CredentialExtractor.extract(Map.of("Accept", "*/*")))
                .isInstanceOf(UnauthenticatedException.class);
        assertThatThrownBy(() -> CredentialExtractor.extract(null)).isInstanceOf(UnauthenticatedException.class);
        assertThatThrownBy(() -> CredentialExtractor.extract(Map.of("x-api-key", "  ")))
                .isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void credentialsNeverAppearInToString() {
        assertThat(new Credential.ApiKey(KEY).toString()).doesNotContain(KEY);
        assertThat(new Credential.SessionToken(JWT).toString()).doesNotContain(JWT);
    }

    @Test
    void aCredentialHeaderRepeated_withDifferentValues_isRefused_evenWhenTheSingleMapHoldsOnlyOne() {
        Map<String, String> single = Map.of("x-api-key", KEY);
        var multi = Map.of("x-api-key", java.util.List.of("ck_live_other", KEY));
        assertThatThrownBy(() -> CredentialExtractor.requireUnrepeated(single, multi))
                .isInstanceOf(UnauthenticatedException.class).hasMessageContaining("x-api-key");
        var authorization = Map.of("Authorization", java.util.List.of("Bearer a", "Bearer b"));
        assertThatThrownBy(() -> CredentialExtractor.requireUnrepeated(null, authorization))
                .isInstanceOf(UnauthenticatedException.class).hasMessageContaining("authorization");
    }

    @Test
    void aCredentialHeaderRepeated_withTheSameValue_orGivenOnce_isAccepted() {
        CredentialExtractor.requireUnrepeated(Map.of("x-api-key", KEY), Map.of("x-api-key", java.util.List.of(KEY,
                KEY), "Authorization", java.util.List.of("Bearer " + KEY)));
        CredentialExtractor.requireUnrepeated(null, null);
    }
}
