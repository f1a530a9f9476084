package com.cordiul.provisioning;

import com.cordiul.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer to one custom-resource request: {@code SUCCESS} with the resource's physical id and its {@code Data}
 * (what {@code Fn::GetAtt} reads), or {@code FAILED} with a reason.
 *
 * @param success whether the operation succeeded
 * @param reason why it failed (shown in the stack's events), or null
 * @param physicalResourceId the resource's id: a new one on Update replaces the resource
 * @param data the attributes, string to string; empty for a failure or a Delete
 */
public record CustomResourceResponse(boolean success, String reason, String physicalResourceId,
                                     Map<String, String> data) {

    /** CloudFormation refuses an answer over 4096 bytes; a long reason is cut well before. */
    static final int MAX_REASON = 1000;

    public CustomResourceResponse {
        data = Map.copyOf(data);
        if (reason != null && reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON - 3) + "...";
        }
    }

    /** The operation succeeded. */
    public static CustomResourceResponse success(String physicalResourceId, Map<String, String> data) {
        return new CustomResourceResponse(true, null, physicalResourceId, data);
    }

    /** The operation failed, for that reason. */
    public static CustomResourceResponse failed(String physicalResourceId, String reason) {
        return new CustomResourceResponse(false, reason, physicalResourceId, Map.of());
    }

    /** The answer's document, echoing the request's identifiers as the protocol requires. */
    public byte[] toJson(CustomResourceRequest request) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Status", success ? "SUCCESS" : "FAILED");
        document.put("Reason", reason == null ? "" : reason);
        document.put("PhysicalResourceId", physicalResourceId);
        document.put("StackId", request.stackId());
        document.put("RequestId", request.requestId());
        document.put("LogicalResourceId", request.logicalResourceId());
        document.put("NoEcho", false);
        document.put("Data", new TreeMap<>(data));
        return Json.write(document).getBytes(StandardCharsets.UTF_8);
    }
}
