package com.cordiul.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * SAM's {@code Globals}, merged into a resource's properties by SAM's own rules (the translator's
 * {@code GlobalProperties}): a scalar of the resource overrides the global one; two mappings merge key by key,
 * recursively (so {@code Environment.Variables} gains the resource's variables over the global ones); two lists
 * add up, the global items first; an intrinsic function counts as a scalar (it overrides, and is overridden, whole);
 * values of different kinds: the resource's wins.
 */
final class Globals {

    /** The Globals section that applies to each SAM resource type. */
    private static final Map<String, String> SECTIONS = Map.of(
            "AWS::Serverless::Function", "Function",
            "AWS::Serverless::Api", "Api",
            "AWS::Serverless::HttpApi", "HttpApi",
            "AWS::Serverless::SimpleTable", "SimpleTable",
            "AWS::Serverless::StateMachine", "StateMachine",
            "AWS::Serverless::LayerVersion", "LayerVersion");

    private final JsonNode globals;

    Globals(JsonNode globals) {
        this.globals = globals == null ? JsonNodeFactory.instance.objectNode() : globals;
    }

    /** The resource's properties with its type's Globals merged in (unchanged for other types). */
    JsonNode apply(String type, JsonNode properties) {
        String section = SECTIONS.get(type);
        JsonNode global = section == null ? null : globals.get(section);
        JsonNode own = properties == null || properties.isMissingNode() || properties.isNull()
                ? JsonNodeFactory.instance.objectNode() : properties;
        return global == null || !global.isObject() ? own : merge(global, own);
    }

    /** The merge of one global value and the resource's value. */
    static JsonNode merge(JsonNode global, JsonNode own) {
        Kind g = kind(global);
        Kind o = kind(own);
        if (g != o || g == Kind.SCALAR) {
            return own;
        }
        if (g == Kind.LIST) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            out.addAll((ArrayNode) global);
            out.addAll((ArrayNode) own);
            return out;
        }
        ObjectNode out = ((ObjectNode) global).deepCopy();
        own.properties().forEach(e -> out.set(e.getKey(),
                out.has(e.getKey()) ? merge(out.get(e.getKey()), e.getValue()) : e.getValue()));
        return out;
    }

    private enum Kind { SCALAR, LIST, MAP }

    private static Kind kind(JsonNode node) {
        if (node.isArray()) {
            return Kind.LIST;
        }
        return node.isObject() && !Intrinsics.isIntrinsic(node) ? Kind.MAP : Kind.SCALAR;
    }
}
