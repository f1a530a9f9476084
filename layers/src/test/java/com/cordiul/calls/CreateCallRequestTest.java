package com.cordiul.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.core.InvalidRequestException;
import com.cordiul.core.Json;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CreateCallRequestTest {

    private static final CallerNumbers DEFAULT_ONLY = new CallerNumbers(Optional.of("+12025550199"), Set.of());
    private static final CallerNumbers OWNED =
            new CallerNumbers(Optional.of("+12025550199"), Set.of("+12025550199", "+12025550198"));
    private static final CallerNumbers NONE = new CallerNumbers(Optional.empty(), Set.of());

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(String json) {
        return (Map<String, Object>) Json.parse(json);
    }

    private static void refused(String json, CallerNumbers numbers, String field, String messagePart) {
        assertThatThrownBy(() -> CreateCallRequest.parse(body(json), numbers)).as(json)
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).contains(field);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    @Test
    void validRequest_withoutFromNumber_usesTheDefault() {
        CreateCallRequest r = CreateCallRequest.parse(
                body("{\"contact_id\":\"contact_123\",\"phone_number\":\"+12025550123\"}"), DEFAULT_ONLY);
        assertThat(r).isEqualTo(new CreateCallRequest("contact_123", "+12025550123", "+12025550199", null));
    }

    @Test
    void messageWithNewlines_isKept() {
        CreateCallRequest r = CreateCallRequest.parse(body("{\"contact_id\":\"c.1:x-y\",\"phone_number\":"
                + "\"+12025550123\",\"from_number\":\"+12025550198\",\"message\":\"Hi\\nthere\"}"), OWNED);
        assertThat(r.message()).isEqualTo("Hi\nthere");
        assertThat(r.fromNumber()).isEqualTo("+12025550198");
    }

    @Test
    void missingWrongTypedNullOrUnknownFields_areRefusedByName() {
        refused("{\"phone_number\":\"+12025550123\"}", DEFAULT_ONLY, "contact_id", "required");
        refused("{\"contact_id\":\"c\"}", DEFAULT_ONLY, "phone_number", "required");
        refused("{\"contact_id\":5,\"phone_number\":\"+12025550123\"}", DEFAULT_ONLY, "contact_id", "string");
        refused("{\"contact_id\":\"c\",\"phone_number\":null}", DEFAULT_ONLY, "phone_number", "null");
        refused("{\"contact_id\":\"c\",\"phone_number\":\"+12025550123\",\"from_number\":null}", DEFAULT_ONLY,
                "from_number", "null");
        refused("{\"contact_id\":\"c\",\"phone_number\":\"+12025550123\",\"to\":\"x\"}", DEFAULT_ONLY, "to",
                "Unknown field 'to'");
        refused("{\"contact_id\":\"a#b\",\"phone_number\":\"+12025550123\"}", DEFAULT_ONLY, "contact_id", "128");
        refused("{\"contact_id\":\"" + "c".repeat(129) + "\",\"phone_number\":\"+12025550123\"}", DEFAULT_ONLY,
                "contact_id", "128");
    }

    @Test
    void fromNumber_isRequiredWithoutDefault_andMustBeOwnedWhenOwnedNumbersAreSet() {
        refused("{\"contact_id\":\"c\",\"phone_number\":\"+12025550123\"}", NONE, "from_number", "required");
        refused("{\"contact_id\":\"c\",\"phone_number\":\"+12025550123\",\"from_number\":\"+12025550177\"}", OWNED,
                "from_number", "not a number of this account");
        refused("{\"contact_id\":\"c\",\"phone_number\":\"+12025550123\",\"from_number\":\"+0987654321\"}",
                DEFAULT_ONLY, "from_number", "not a valid phone number");
        refused("{\"contact_id\":\"c\",\"phone_number\":\"+12025550199\"}", DEFAULT_ONLY, "phone_number",
                "the same number");
    }

    @Test
    void badMessages_areRefused() {
        String base = "{\"contact_id\":\"c\",\"phone_number\":\"+12025550123\",\"message\":";
        refused(base + "\"" + "a".repeat(1001) + "\"}", DEFAULT_ONLY, "message", "1000");
        refused(base + "\"bell\\u0007\"}", DEFAULT_ONLY, "message", "control");
        refused(base + "\"  \"}", DEFAULT_ONLY, "message", "blank");
        refused(base + "[\"x\"]}", DEFAULT_ONLY, "message", "string");
        assertThat(CreateCallRequest.parse(body(base + "\"" + "é".repeat(1000) + "\"}"), DEFAULT_ONLY).message())
                .hasSize(1000);
    }

    @Test
    void fingerprint_isTheSameForTheSameCall_andDiffersOtherwise() {
        CreateCallRequest a = new CreateCallRequest("c", "+12025550123", "+12025550199", null);
        assertThat(a.fingerprint()).isEqualTo(new CreateCallRequest("c", "+12025550123", "+12025550199", null)
                .fingerprint());
        assertThat(a.fingerprint()).isNotEqualTo(new CreateCallRequest("c", "+12025550123", "+12025550199", "Hi")
                .fingerprint());
        assertThat(a.fingerprint()).isNotEqualTo(new CreateCallRequest("d", "+12025550123", "+12025550199", null)
                .fingerprint());
    }

    private static final String CALL = "{\"contact_id\":\"c\",\"phone_number\":\"+12025550123\",";

    @Test
    void metadata_isKeptExactly_sortedByKey_andPartOfTheFingerprint() {
        CreateCallRequest r = CreateCallRequest.parse(body(CALL
                + "\"metadata\":{\"order_id\":\"A-1 \u00e9\ud83d\ude00\",\"crm.id\":\"42\"}}"), DEFAULT_ONLY);
        assertThat(r.metadata()).containsExactly(Map.entry("crm.id", "42"),
                Map.entry("order_id", "A-1 \u00e9\ud83d\ude00"));
        CreateCallRequest without = CreateCallRequest.parse(body(CALL + "\"message\":\"Hi\"}"), DEFAULT_ONLY);
        CreateCallRequest reordered = CreateCallRequest.parse(body(CALL
                + "\"metadata\":{\"crm.id\":\"42\",\"order_id\":\"A-1 \u00e9\ud83d\ude00\"}}"), DEFAULT_ONLY);
        CreateCallRequest other = CreateCallRequest.parse(body(CALL + "\"metadata\":{\"crm.id\":\"43\"}}"),
                DEFAULT_ONLY);
        assertThat(r.fingerprint()).isEqualTo(reordered.fingerprint()).isNotEqualTo(other.fingerprint());
        CreateCallRequest empty = CreateCallRequest.parse(body(CALL + "\"metadata\":{}}"), DEFAULT_ONLY);
        assertThat(empty.fingerprint()).as("no metadata hashes as before metadata existed")
                .isEqualTo(CreateCallRequest.parse(body(CALL.substring(0, CALL.length() - 1) + "}"), DEFAULT_ONLY)
                        .fingerprint()).isNotEqualTo(without.fingerprint());
    }

    @Test
    void badMetadata_isRefusedNamingTheField() {
        refused(CALL + "\"metadata\":[\"x\"]}", DEFAULT_ONLY, "metadata", "object");
        refused(CALL + "\"metadata\":\"x\"}", DEFAULT_ONLY, "metadata", "object");
        refused(CALL + "\"metadata\":{\"a\":1}}", DEFAULT_ONLY, "metadata.a", "string");
        refused(CALL + "\"metadata\":{\"a\":null}}", DEFAULT_ONLY, "metadata.a", "string");
        refused(CALL + "\"metadata\":{\"a b\":\"x\"}}", DEFAULT_ONLY, "metadata", "letters, digits");
        refused(CALL + "\"metadata\":{\"a\\u200bb\":\"x\"}}", DEFAULT_ONLY, "metadata", "U+200B");
        refused(CALL + "\"metadata\":{\"" + "k".repeat(41) + "\":\"x\"}}", DEFAULT_ONLY, "metadata", "40");
        refused(CALL + "\"metadata\":{\"a\":\"x\\u202ey\"}}", DEFAULT_ONLY, "metadata.a", "U+202E");
        refused(CALL + "\"metadata\":{\"a\":\" x\"}}", DEFAULT_ONLY, "metadata.a", "whitespace");
        refused(CALL + "\"metadata\":{\"a\":\"x\\ny\"}}", DEFAULT_ONLY, "metadata.a", "U+000A");
        refused(CALL + "\"metadata\":{\"a\":\"" + "v".repeat(501) + "\"}}", DEFAULT_ONLY, "metadata.a", "500");
        StringBuilder many = new StringBuilder(CALL + "\"metadata\":{");
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        refused(many.append("}}").toString(), DEFAULT_ONLY, "metadata", "at most 20");
    }
}
