package com.cordiul.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomResourceResponseTest {

    private static final CustomResourceRequest REQUEST = CustomResourceRequest.parse(
            CustomResourceRequestTest.event("Create", "https://h/k").getBytes(StandardCharsets.UTF_8));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(CustomResourceResponse response) {
        return (Map<String, Object>) Json.parse(response.toJson(REQUEST));
    }

    @Test
    void success_echoesTheRequestsIds_andCarriesTheData() {
        Map<String, Object> document = document(CustomResourceResponse.success("sma-9",
                Map.of("SipMediaApplicationId", "sma-9", "SipMediaApplicationArn", "arn:aws:chime:x")));

        assertThat(document).containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", "sma-9")
                .containsEntry("StackId", REQUEST.stackId()).containsEntry("RequestId", "req-1")
                .containsEntry("LogicalResourceId", "CordiulSipMediaApplication").containsEntry("NoEcho", false)
                .containsEntry("Data", Map.of("SipMediaApplicationId", "sma-9",
                        "SipMediaApplicationArn", "arn:aws:chime:x"));
    }

    @Test
    void failure_carriesItsReason_cutShortEnoughForCloudFormationsLimit() {
        Map<String, Object> document = document(CustomResourceResponse.failed("not-created-req-1", "x".repeat(5000)));

        assertThat(document).containsEntry("Status", "FAILED").containsEntry("Data", Map.of());
        assertThat((String) document.get("Reason")).hasSize(CustomResourceResponse.MAX_REASON).endsWith("...");
        assertThat(CustomResourceResponse.failed("p", "x".repeat(5000)).toJson(REQUEST).length).isLessThan(4096);
    }
}
