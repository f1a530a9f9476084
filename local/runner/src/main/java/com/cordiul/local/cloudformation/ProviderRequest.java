package com.cordiul.local.cloudformation;

import com.cordiul.stack.CustomResource;
import com.cordiul.stack.PseudoParameters;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;

/**
 * One custom-resource request as CloudFormation sends it to the provider function: {@code RequestType},
 * {@code ServiceToken}, {@code ResponseURL}, {@code StackId}, {@code RequestId}, {@code LogicalResourceId},
 * {@code ResourceType}, {@code PhysicalResourceId} (Update and Delete), {@code ResourceProperties} and
 * {@code OldResourceProperties} (Update). The properties are the resource's, {@code ServiceToken} included, every
 * intrinsic resolved, and every number and boolean turned into a string, as CloudFormation passes them on.
 *
 * @param requestType        {@code Create}, {@code Update} or {@code Delete}
 * @param requestId          unique per request
 * @param logicalId          the resource's logical id
 * @param resourceType       its type, e.g. {@code Custom::SipMediaApplication}
 * @param serviceToken       its {@code ServiceToken}
 * @param responseUrl        where the answer is put
 * @param physicalResourceId the id the provider gave it (Update, Delete), or null (Create)
 * @param properties         {@code ResourceProperties}
 * @param oldProperties      {@code OldResourceProperties} (Update), or null
 */
record ProviderRequest(String requestType, String requestId, String logicalId, String resourceType,
                       String serviceToken, URI responseUrl, String physicalResourceId, ObjectNode properties,
                       ObjectNode oldProperties) {

    static final String CREATE = "Create";
    static final String UPDATE = "Update";
    static final String DELETE = "Delete";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What CloudFormation sends as a resource's {@code ResourceProperties}: its token first, values as strings. */
    static ObjectNode resourceProperties(CustomResource resource) {
        ObjectNode properties = NODES.objectNode();
        properties.put("ServiceToken", resource.serviceToken());
        resource.properties().properties().forEach(p -> properties.set(p.getKey(), strings(p.getValue())));
        return properties;
    }

    /** The request's JSON document. */
    byte[] toJson() {
        ObjectNode event = NODES.objectNode();
        event.put("RequestType", requestType);
        event.put("ServiceToken", serviceToken);
        event.put("ResponseURL", responseUrl.toString());
        event.put("StackId", PseudoParameters.STACK_ID);
        event.put("RequestId", requestId);
        event.put("LogicalResourceId", logicalId);
        event.put("ResourceType", resourceType);
        if (physicalResourceId != null) {
            event.put("PhysicalResourceId", physicalResourceId);
        }
        event.set("ResourceProperties", properties);
        if (oldProperties != null) {
            event.set("OldResourceProperties", oldProperties);
        }
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A tree of plain nodes always serializes", e);
        }
    }

    /** The value with every number and boolean as its text, as CloudFormation hands properties to a provider. */
    private static JsonNode strings(JsonNode value) {
        if (value.isObject()) {
            ObjectNode out = NODES.objectNode();
            value.properties().forEach(p -> out.set(p.getKey(), strings(p.getValue())));
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = NODES.arrayNode();
            value.forEach(item -> out.add(strings(item)));
            return out;
        }
        return value.isNumber() || value.isBoolean() ? NODES.textNode(value.asText()) : value;
    }
}
