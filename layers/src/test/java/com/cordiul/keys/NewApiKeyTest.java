package com.cordiul.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.identity.Permission;
import com.cordiul.core.InvalidRequestException;
import com.cordiul.core.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NewApiKeyTest {

    @Test
    void nameAlone_getsTheDefaultPermissions_andIsKeptExactlyAsSent() {
        NewApiKey request = NewApiKey.fromJson(body("{\"name\": \"Billing  script \u00e9\u0301 \uD83D\uDCDE\"}"));
        assertThat(request.name()).isEqualTo("Billing  script \u00e9\u0301 \uD83D\uDCDE");
        assertThat(request.permissions()).containsExactlyInAnyOrder(Permission.CALLS_READ, Permission.CALLS_WRITE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            padded with spaces             | '  padded  '                | U+0020
            paragraph separators           | '\u2029test\u2029'          | U+2029
            a no-break space at the end    | 'test\u00a0'                | U+00A0
            a zero-width space             | 'ad\u200bmin'               | U+200B
            a right-to-left override       | '\u202eyek'                 | U+202E
            a left-to-right isolate        | 'a\u2066b'                  | U+2066
            a word joiner                  | 'a\u2060b'                  | U+2060
            a byte order mark              | '\ufeffkey'                 | U+FEFF
            a Mongolian vowel separator    | 'a\u180eb'                  | U+180E
            a zero-width joiner in Latin   | 'ad\u200dmin'               | U+200D
            a Hangul filler                | 'a\u3164b'                  | U+3164
            """)
    void invisibleOrTrimmableNames_areRefused_namingTheCodePoint(String description, String name, String codePoint) {
        assertThatThrownBy(() -> NewApiKey.fromJson(Map.of("name", name)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("name"))
                .hasMessageContaining(codePoint);
    }

    @Test
    void theLengthLimit_countsTheNameAsSent() {
        assertThatThrownBy(() -> NewApiKey.of(" " + "x".repeat(100), List.of("calls:read")))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> NewApiKey.of("x".repeat(101), List.of("calls:read")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("101");
        assertThat(NewApiKey.of("x".repeat(100), List.of("calls:read")).name()).hasSize(100);
    }

    @Test
    void duplicatePermissions_collapse() {
        NewApiKey request = NewApiKey.fromJson(body(
                "{\"name\": \"ci\", \"permissions\": [\"calls:read\", \"calls:read\", \"api_keys:read\"]}"));
        assertThat(request.permissions()).containsExactlyInAnyOrder(Permission.CALLS_READ, Permission.API_KEYS_READ);
    }

    @Test
    void nameOfExactly100Characters_isAccepted_evenOutsideTheBasicPlane() {
        String emoji = "\uD83D\uDCDE".repeat(100);
        assertThat(NewApiKey.fromJson(body("{\"name\": \"" + emoji + "\"}")).name()).isEqualTo(emoji);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing name                   | {"permissions": ["calls:read"]}                       | name
            name not a string              | {"name": 42}                                          | name
            name null                      | {"name": null}                                        | name
            name blank                     | {"name": "   "}                                       | name
            name too long                  | {"name": "%s"}                                        | name
            name with a control character  | {"name": "line\\nbreak"}                              | name
            name with a NUL                | {"name": "a\\u0000b"}                                 | name
            permissions not an array       | {"name": "k", "permissions": "calls:read"}            | permissions
            permissions null               | {"name": "k", "permissions": null}                    | permissions
            permission not a string        | {"name": "k", "permissions": ["calls:read", 1]}       | permissions
            permissions empty              | {"name": "k", "permissions": []}                      | permissions
            unknown permission             | {"name": "k", "permissions": ["calls:delete"]}        | permissions
            permission in wrong case       | {"name": "k", "permissions": ["CALLS:READ"]}          | permissions
            unknown field                  | {"name": "k", "expires_at": "2030-01-01T00:00:00Z"}   | expires_at
            """)
    void badInput_isRefused_namingTheField(String description, String json, String field) {
        String text = json.formatted("x".repeat(101));
        assertThatThrownBy(() -> NewApiKey.fromJson(body(text)))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.field()).contains(field));
    }

    @Test
    void unknownPermission_messageListsTheValidOnes() {
        assertThatThrownBy(() -> NewApiKey.of("k", List.of("calls:read", "admin")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'admin'")
                .hasMessageContaining("calls:read, calls:write, api_keys:read, api_keys:write");
    }

    @Test
    void plainValues_areValidatedTheSameWay() {
        NewApiKey request = NewApiKey.of("ops", List.of("api_keys:write", "api_keys:read"));
        assertThat(request).isEqualTo(new NewApiKey("ops",
                Set.of(Permission.API_KEYS_WRITE, Permission.API_KEYS_READ)));
        assertThatThrownBy(() -> NewApiKey.of("", List.of("calls:read"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> NewApiKey.of(" ops ", List.of("calls:read")))
                .isInstanceOf(InvalidRequestException.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(String json) {
        return (Map<String, Object>) Json.parse(json);
    }
}
