package com.cordiul.local.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.stack.PseudoParameters;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An answer is taken as CloudFormation takes it; anything it would refuse fails the resource with the reason. */
class ProviderAnswerTest {

    private static final ProviderRequest REQUEST = new ProviderRequest(ProviderRequest.CREATE, "req-1", "Sma",
            "Custom::SipMediaApplication", "arn:aws:lambda:us-east-1:123456789012:function:Provider",
            URI.create("http://127.0.0.1:1/x"), null, JsonNodeFactory.instance.objectNode(), null);

    private static ProviderAnswer read(String body) {
        return ProviderAnswer.read(body.getBytes(StandardCharsets.UTF_8), REQUEST);
    }

    private static String answer(String status, String physicalId, String requestId) {
        return "{\"Status\":\"" + status + "\",\"Reason\":\"why\",\"PhysicalResourceId\":" + physicalId
                + ",\"StackId\":\"" + PseudoParameters.STACK_ID + "\",\"RequestId\":\"" + requestId
                + "\",\"LogicalResourceId\":\"Sma\",\"Data\":{\"Id\":\"sma-1\",\"Count\":3,\"Nested\":{\"a\":1}}}";
    }

    @Test
    void aSuccess_givesItsPhysicalIdAndData_asText() {
        ProviderAnswer answer = read(answer("SUCCESS", "\"sma-1\"", "req-1"));
        assertThat(answer.success()).isTrue();
        assertThat(answer.physicalResourceId()).isEqualTo("sma-1");
        assertThat(answer.data()).containsEntry("Id", "sma-1").containsEntry("Count", "3")
                .containsEntry("Nested", "{\"a\":1}");
    }

    @Test
    void aFailure_keepsItsReason() {
        ProviderAnswer answer = read(answer("FAILED", "\"not-created-req-1\"", "req-1"));
        assertThat(answer.success()).isFalse();
        assertThat(answer.reason()).isEqualTo("why");
        assertThat(answer.physicalResourceId()).isEqualTo("not-created-req-1");
    }

    @Test
    void whatCloudFormationWouldNotTake_isAFailureThatSaysWhy() {
        assertThat(read("not json").reason()).isEqualTo("Invalid response object: the response object is not JSON");
        assertThat(read("[]").reason()).contains("not a JSON object");
        assertThat(read(answer("DONE", "\"x\"", "req-1")).reason()).contains("Status must be SUCCESS or FAILED");
        assertThat(read(answer("SUCCESS", "\"x\"", "req-2")).reason()).contains("RequestId must be the request's");
        assertThat(read(answer("SUCCESS", "null", "req-1")).reason()).contains("a SUCCESS needs a PhysicalResourceId");
        String large = answer("SUCCESS", "\"x\"", "req-1").replace("\"why\"", "\"" + "w".repeat(5000) + "\"");
        assertThat(read(large).reason()).startsWith("Invalid response object: Response object is too long");
        assertThat(read(large).success()).isFalse();
    }
}
