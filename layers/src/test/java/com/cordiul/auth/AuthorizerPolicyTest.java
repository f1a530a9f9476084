package com.cordiul.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.testing.TestJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizerPolicyTest {

    @Test
    void allow_coversTheWholeStage_andCarriesTheCallerAsStrings() {
        Caller caller = new Caller("user_1", Optional.of("key_01J"), Set.of(Permission.CALLS_READ));
        var response = AuthorizerPolicy.allow(caller,
                "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/api/calls/call_1");

        JsonNode json = TestJson.mapper().valueToTree(response);
        assertThat(json.path("principalId").asText()).isEqualTo("user_1");
        JsonNode statement = json.path("policyDocument").path("Statement").get(0);
        assertThat(json.path("policyDocument").path("Version").asText()).isEqualTo("2012-10-17");
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.path("Action").asText()).isEqualTo("execute-api:Invoke");
        assertThat(statement.path("Resource").toString())
                .contains("arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*/*");
        assertThat(json.path("context").path("owner").asText()).isEqualTo("user_1");
        assertThat(json.path("context").path("key_id").asText()).isEqualTo("key_01J");
        assertThat(json.path("context").path("permissions").asText()).isEqualTo("calls:read");
    }

    @Test
    void somethingElseThanAMethodArn_isRefused() {
        assertThatThrownBy(() -> AuthorizerPolicy.stageWildcard("arn:aws:s3:::bucket/key"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthorizerPolicy.stageWildcard(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
