package com.cordiul.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation/SAM template (YAML or JSON) into a JSON tree in which every short-form intrinsic is
 * written in its long form, as CloudFormation reads it: {@code !Ref X} is {@code {"Ref": "X"}}, {@code !GetAtt
 * A.B.C} is {@code {"Fn::GetAtt": ["A", "B.C"]}} (split at the first dot), {@code !Condition C} is
 * {@code {"Condition": "C"}}, and any other {@code !Name v} is {@code {"Fn::Name": v}}.
 *
 * <p>SnakeYAML's node graph is read rather than its objects: a plain YAML reader (Jackson's included) drops the
 * tags, and a short-form template would silently lose every intrinsic. As CloudFormation does, it refuses
 * anchors, aliases and merge keys, and duplicate keys in a mapping; an unquoted scalar keeps its text unless it is
 * plainly a number or {@code true}/{@code false} (YAML 1.1 would read {@code +12025550199} as a number).
 */
final class TemplateYaml {

    /** The short-form tags CloudFormation defines (besides Ref and Condition). */
    private static final Set<String> FUNCTIONS = Set.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
            "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
            "ToJsonString", "Length");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TemplateYaml() {
    }

    /** Reads a template file. */
    static ObjectNode read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        } catch (IOException e) {
            throw new TemplateException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a template's text; {@code source} names it in errors. */
    static ObjectNode parse(Reader reader, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024);
        Node root;
        try {
            root = new Yaml(options).compose(reader);
        } catch (YAMLException e) {
            throw new TemplateException(source + " is not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof MappingNode)) {
            throw new TemplateException(source + " is not a template: its top level is not a mapping");
        }
        return (ObjectNode) convert(root, source);
    }

    private static JsonNode convert(Node node, String source) {
        if (node.getAnchor() != null) {
            throw new TemplateException(where(node, source) + ": CloudFormation does not accept YAML anchors ("
                    + "&" + node.getAnchor() + ")");
        }
        JsonNode value = switch (node.getNodeId()) {
            case mapping -> mapping((MappingNode) node, source);
            case sequence -> sequence((SequenceNode) node, source);
            case scalar -> scalar((ScalarNode) node);
            default -> throw new TemplateException(where(node, source) + ": CloudFormation does not accept YAML "
                    + "aliases");
        };
        String tag = node.getTag().getValue();
        if (tag.startsWith("!") && !tag.startsWith("!!")) {
            return shortForm(tag.substring(1), value, node, source);
        }
        return value;
    }

    private static JsonNode shortForm(String name, JsonNode value, Node node, String source) {
        ObjectNode intrinsic = NODES.objectNode();
        if ("Ref".equals(name) || "Condition".equals(name)) {
            intrinsic.set(name, value);
        } else if ("GetAtt".equals(name) && value.isTextual()) {
            String text = value.asText();
            int dot = text.indexOf('.');
            if (dot <= 0 || dot == text.length() - 1) {
                throw new TemplateException(where(node, source) + ": !GetAtt " + text + " names no attribute "
                        + "(write !GetAtt Resource.Attribute)");
            }
            intrinsic.putArray("Fn::GetAtt").add(text.substring(0, dot)).add(text.substring(dot + 1));
        } else if (FUNCTIONS.contains(name)) {
            intrinsic.set("Fn::" + name, value);
        } else {
            throw new TemplateException(where(node, source) + ": unknown tag !" + name);
        }
        return intrinsic;
    }

    private static ObjectNode mapping(MappingNode node, String source) {
        ObjectNode object = NODES.objectNode();
        for (NodeTuple tuple : node.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalarKey)) {
                throw new TemplateException(where(key, source) + ": a mapping key must be a plain string");
            }
            if (key.getTag().equals(Tag.MERGE)) {
                throw new TemplateException(where(key, source) + ": CloudFormation does not accept merge keys (<<)");
            }
            String name = scalarKey.getValue();
            if (object.has(name)) {
                throw new TemplateException(where(key, source) + ": duplicate key '" + name + "'");
            }
            object.set(name, convert(tuple.getValueNode(), source));
        }
        return object;
    }

    private static ArrayNode sequence(SequenceNode node, String source) {
        ArrayNode array = NODES.arrayNode();
        node.getValue().forEach(item -> array.add(convert(item, source)));
        return array;
    }

    private static JsonNode scalar(ScalarNode node) {
        String text = node.getValue();
        Tag tag = node.getTag();
        if (!node.isPlain()) {
            return NODES.textNode(text);
        }
        if (tag.equals(Tag.NULL)) {
            return NODES.nullNode();
        }
        if (tag.equals(Tag.BOOL) && ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text))) {
            return NODES.booleanNode(Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT)));
        }
        if (tag.equals(Tag.INT)) {
            try {
                long number = Long.parseLong(text);
                if (Long.toString(number).equals(text)) {
                    return NODES.numberNode(number);
                }
            } catch (NumberFormatException e) {
                // An octal, hexadecimal or signed form: kept as written.
            }
        }
        if (tag.equals(Tag.FLOAT)) {
            try {
                double number = Double.parseDouble(text);
                if (Double.toString(number).equals(text)) {
                    return NODES.numberNode(number);
                }
            } catch (NumberFormatException e) {
                // .inf, .nan and the like: kept as written.
            }
        }
        return NODES.textNode(text);
    }

    private static String where(Node node, String source) {
        return source + " line " + (node.getStartMark().getLine() + 1);
    }
}
