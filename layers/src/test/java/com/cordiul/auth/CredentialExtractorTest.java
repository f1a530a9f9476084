package com.cordiul.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.identity.Credential;
import com.cordiul.identity.UnauthenticatedException;
import java.util.HashMap;
import java.util.List;
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
    void aCredentialHeaderRepeated_withDifferentCredentials_isRefused_evenWhenTheSingleMapHoldsOnlyOne() {
        Map<String, String> single = Map.of("x-api-key", KEY);
        var multi = Map.of("x-api-key", List.of("ck_live_other", KEY));
        assertThatThrownBy(() -> CredentialExtractor.requireUnambiguous(single, multi))
                .isInstanceOf(UnauthenticatedException.class).hasMessageContaining("x-api-key");
        assertThatThrownBy(() -> CredentialExtractor.extract(single, multi))
                .isInstanceOf(UnauthenticatedException.class).hasMessageContaining("x-api-key");
        var authorization = Map.of("Authorization", List.of("Bearer a", "Bearer b"));
        assertThatThrownBy(() -> CredentialExtractor.requireUnambiguous(null, authorization))
                .isInstanceOf(UnauthenticatedException.class).hasMessageContaining("authorization");
        var otherScheme = Map.of("Authorization", List.of("Bearer " + KEY, "Basic " + KEY));
        assertThatThrownBy(() -> CredentialExtractor.requireUnambiguous(null, otherScheme))
                .isInstanceOf(UnauthenticatedException.class);
        var acrossHeaders = Map.of("x-api-key", List.of(KEY, KEY), "Authorization", List.of("Bearer ck_live_other"));
        assertThatThrownBy(() -> CredentialExtractor.extract(null, acrossHeaders))
                .isInstanceOf(UnauthenticatedException.class).hasMessageContaining("different credentials");
    }

    @Test
    void aCredentialHeaderRepeated_withTheSameCredential_isThatOneCredential_howeverEachCopyIsSpelled() {
        var xApiKey = Map.of("x-api-key", List.of(KEY, " " + KEY + " "));
        var bearer = Map.of("Authorization", List.of("Bearer " + KEY, "bearer   " + KEY));
        var both = Map.of("x-api-key", List.of(KEY, KEY), "Authorization", List.of("Bearer " + KEY, "BEARER " + KEY));
        for (Map<String, List<String>> multi : List.of(xApiKey, bearer, both)) {
            CredentialExtractor.requireUnambiguous(Map.of("x-api-key", KEY), multi);
            assertThat(CredentialExtractor.extract(null, multi)).as(multi.toString())
                    .isEqualTo(new Credential.ApiKey(KEY));
        }
        assertThat(CredentialExtractor.extract(null, Map.of("Authorization", List.of("Bearer " + JWT,
                "Bearer " + JWT)))).isEqualTo(new Credential.SessionToken(JWT));
    }

    @Test
    void theFunctionsCheck_passesARequestWithoutCredential_whoseCallerTheAuthorizerAlreadyEstablished() {
        CredentialExtractor.requireUnambiguous(null, null);
        CredentialExtractor.requireUnambiguous(Map.of("Content-Type", "application/json"), Map.of());
    }
}
