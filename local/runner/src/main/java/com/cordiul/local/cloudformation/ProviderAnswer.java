package com.cordiul.local.cloudformation;

import com.cordiul.stack.PseudoParameters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A provider's answer to one request, read as CloudFormation reads the object put to the {@code ResponseURL}:
 * {@code Status} ({@code SUCCESS} or {@code FAILED}), {@code Reason}, {@code PhysicalResourceId},
 * {@code StackId}, {@code RequestId}, {@code LogicalResourceId} (echoing the request's) and {@code Data}. An
 * answer CloudFormation would not take (not JSON, over 4096 bytes, an unknown status, identifiers that are not the
 * request's, a success without a physical id) is a failure whose reason says why.
 *
 * @param success            whether the provider answered {@code SUCCESS}
 * @param reason             its {@code Reason} (or why the answer was not taken); empty when none
 * @param physicalResourceId the id the provider gave the resource, or null
 * @param data               {@code Data}: what {@code Fn::GetAtt} of the resource reads
 */
record ProviderAnswer(boolean success, String reason, String physicalResourceId, Map<String, String> data) {

    /** The largest answer CloudFormation takes. */
    static final int MAX_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    ProviderAnswer {
        data = Map.copyOf(data);
    }

    /** Reads the body put for that request. */
    static ProviderAnswer read(byte[] body, ProviderRequest request) {
        if (body.length > MAX_BYTES) {
            return invalid("Response object is too long (" + body.length + " bytes; CloudFormation takes at most "
                    + MAX_BYTES + ")");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            return invalid("the response object is not JSON");
        }
        if (answer == null || !answer.isObject()) {
            return invalid("the response object is not a JSON object");
        }
        String status = answer.path("Status").asText("");
        if (!status.equals("SUCCESS") && !status.equals("FAILED")) {
            return invalid("Status must be SUCCESS or FAILED, not '" + status + "'");
        }
        for (String echoed : new String[] {"StackId", "RequestId", "LogicalResourceId"}) {
            String expected = switch (echoed) {
                case "StackId" -> PseudoParameters.STACK_ID;
                case "RequestId" -> request.requestId();
                default -> request.logicalId();
            };
            if (!expected.equals(answer.path(echoed).asText(null))) {
                return invalid(echoed + " must be the request's (" + expected + ")");
            }
        }
        String physicalId = answer.path("PhysicalResourceId").isTextual()
                && !answer.path("PhysicalResourceId").asText().isBlank() ? answer.get("PhysicalResourceId").asText()
                : null;
        boolean success = status.equals("SUCCESS");
        if (success && physicalId == null) {
            return invalid("a SUCCESS needs a PhysicalResourceId");
        }
        Map<String, String> data = new LinkedHashMap<>();
        answer.path("Data").properties().forEach(d -> data.put(d.getKey(), d.getValue().isValueNode()
                ? d.getValue().asText() : d.getValue().toString()));
        return new ProviderAnswer(success, answer.path("Reason").asText(""), physicalId, data);
    }

    private static ProviderAnswer invalid(String why) {
        return new ProviderAnswer(false, "Invalid response object: " + why, null, Map.of());
    }
}
