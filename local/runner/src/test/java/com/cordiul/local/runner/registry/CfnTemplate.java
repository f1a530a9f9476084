package com.cordiul.local.runner.registry;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A CloudFormation/SAM template as the checks read it: the one place that reads the file, so that the checks can
 * move to the shared stack model by replacing this class. Short-form intrinsics ({@code !Ref X}, {@code !GetAtt
 * X.Y}, {@code !Sub ...}, any {@code !Tag}) are read into their long form ({@code {Ref: X}}, {@code {Fn::GetAtt:
 * [X, Y]}}, {@code {Fn::Sub: ...}}), so that both forms are checked alike.
 */
final class CfnTemplate {

    /** One resource: its logical id, its {@code Type}, and its whole node (Properties, DependsOn, policies). */
    record Resource(String logicalId, String type, JsonNode node) {

        JsonNode properties() {
            return node.path("Properties");
        }
    }

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;

    private CfnTemplate(JsonNode root) {
        this.root = root;
    }

    static CfnTemplate read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new CfnTemplate(parse(reader));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    static CfnTemplate parse(String yaml) {
        try {
            return new CfnTemplate(parse(new StringReader(yaml)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole template, intrinsics in long form. */
    JsonNode root() {
        return root;
    }

    Set<String> parameters() {
        Set<String> names = new LinkedHashSet<>();
        root.path("Parameters").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The names of the template's {@code Conditions}. */
    Set<String> conditions() {
        Set<String> names = new LinkedHashSet<>();
        root.path("Conditions").fieldNames().forEachRemaining(names::add);
        return names;
    }

    Map<String, Resource> resources() {
        Map<String, Resource> resources = new LinkedHashMap<>();
        root.path("Resources").properties().forEach(r -> resources.put(r.getKey(),
                new Resource(r.getKey(), r.getValue().path("Type").asText(null), r.getValue())));
        return resources;
    }

    /** {@code Globals.<section>} of a SAM template (e.g. {@code Function}). */
    JsonNode globals(String section) {
        return root.path("Globals").path(section);
    }

    private static JsonNode parse(Reader reader) throws IOException {
        try (YAMLParser parser = YAML.createParser(reader)) {
            if (parser.nextToken() == null) {
                return NODES.objectNode();
            }
            return value(parser);
        }
    }

    /** The value at the parser's current token, a tagged one as its long-form intrinsic. */
    private static JsonNode value(YAMLParser parser) throws IOException {
        String tag = parser.getTypeId();
        JsonNode value = switch (parser.currentToken()) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> NODES.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            default -> NODES.nullNode();
        };
        return tag == null ? value : intrinsic(tag, value);
    }

    private static JsonNode object(YAMLParser parser) throws IOException {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            object.set(name, value(parser));
        }
        return object;
    }

    private static JsonNode array(YAMLParser parser) throws IOException {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(value(parser));
        }
        return array;
    }

    private static JsonNode intrinsic(String tag, JsonNode value) {
        ObjectNode node = NODES.objectNode();
        switch (tag) {
            case "Ref", "Condition" -> node.set(tag, value);
            case "GetAtt" -> {
                if (value.isTextual() && value.asText().contains(".")) {
                    String text = value.asText();
                    node.putArray("Fn::GetAtt").add(text.substring(0, text.indexOf('.')))
                            .add(text.substring(text.indexOf('.') + 1));
                } else {
                    node.set("Fn::GetAtt", value);
                }
            }
            default -> node.set("Fn::" + tag, value);
        }
        return node;
    }
}
