package com.cordiul.local.runner.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validates a resource's {@code Properties} against its CloudFormation provider schema, the way CloudFormation
 * reads a template: an intrinsic function ({@code Ref}, {@code Fn::*}) is accepted wherever a value is expected (its
 * value is known only at deploy time), and scalars are as lenient as CloudFormation's (a number or boolean may be
 * written as a string, and a string property takes a number). Everything else is refused: unknown properties
 * (where the schema says {@code additionalProperties: false}), missing required ones, wrong shapes, values outside
 * an {@code enum}, a {@code pattern}, a length or a range.
 *
 * <p>The keywords the registry schemas use: {@code type}, {@code properties}, {@code additionalProperties},
 * {@code patternProperties}, {@code required}, {@code items}, {@code prefixItems}, {@code $ref} (to
 * {@code #/definitions/...}), {@code enum}, {@code const}, {@code anyOf}, {@code oneOf}, {@code allOf},
 * {@code minLength}, {@code maxLength}, {@code pattern}, {@code minimum}, {@code maximum}, {@code minItems},
 * {@code maxItems}, {@code uniqueItems}, {@code dependencies}/{@code dependentRequired}; annotations such as
 * {@code format} or {@code insertionOrder} are ignored.
 */
final class RegistrySchemaValidator {

    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    private final JsonNode root;

    /** @param root the provider schema (its {@code definitions} resolve {@code $ref}s) */
    RegistrySchemaValidator(JsonNode root) {
        this.root = root;
    }

    /** The problems of the resource's properties, each prefixed by its path. */
    List<String> validateProperties(JsonNode properties, String path) {
        List<String> problems = new ArrayList<>();
        JsonNode given = properties.isMissingNode() ? JsonNodeFactory.instance.objectNode() : properties;
        validate(given, root, path, problems);
        return problems;
    }

    /** Whether the value is an intrinsic function: known at deploy time only, so any value it yields is taken. */
    static boolean isIntrinsic(JsonNode value) {
        if (!value.isObject() || value.size() != 1) {
            return false;
        }
        String name = value.fieldNames().next();
        return name.equals("Ref") || name.equals("Condition") || name.startsWith("Fn::");
    }

    private void validate(JsonNode value, JsonNode schema, String path, List<String> problems) {
        if (isIntrinsic(value) || schema.isBoolean() && schema.asBoolean()) {
            return;
        }
        if (schema.isBoolean()) {
            problems.add(path + ": not allowed here");
            return;
        }
        if (schema.has("$ref")) {
            validate(value, resolve(schema.get("$ref").asText()), path, problems);
        }
        if (schema.has("type") && !hasType(value, schema.get("type"))) {
            problems.add(path + ": expected " + schema.get("type").toString().replace("\"", "") + ", found "
                    + describe(value));
            return;
        }
        combinators(value, schema, path, problems);
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (schema.has("const") && !scalarEquals(schema.get("const"), value)) {
            problems.add(path + ": must be " + schema.get("const"));
        }
        if (value.isObject()) {
            object(value, schema, path, problems);
        } else if (value.isArray()) {
            array(value, schema, path, problems);
        } else if (value.isValueNode()) {
            scalar(value, schema, path, problems);
        }
    }

    private void combinators(JsonNode value, JsonNode schema, String path, List<String> problems) {
        schema.path("allOf").forEach(s -> validate(value, s, path, problems));
        if (schema.has("anyOf") && matching(value, schema.get("anyOf"), path) == 0) {
            problems.add(path + ": matches none of the allowed shapes (anyOf) " + firstProblems(value,
                    schema.get("anyOf"), path));
        }
        if (schema.has("oneOf")) {
            int matches = matching(value, schema.get("oneOf"), path);
            if (matches != 1) {
                problems.add(path + ": matches " + matches + " of the shapes of oneOf, not exactly one"
                        + (matches == 0 ? " " + firstProblems(value, schema.get("oneOf"), path) : ""));
            }
        }
    }

    private int matching(JsonNode value, JsonNode alternatives, String path) {
        int matches = 0;
        for (JsonNode alternative : alternatives) {
            List<String> own = new ArrayList<>();
            validate(value, alternative, path, own);
            if (own.isEmpty()) {
                matches++;
            }
        }
        return matches;
    }

    private String firstProblems(JsonNode value, JsonNode alternatives, String path) {
        List<String> all = new ArrayList<>();
        for (JsonNode alternative : alternatives) {
            List<String> own = new ArrayList<>();
            validate(value, alternative, path, own);
            if (!own.isEmpty()) {
                all.add(own.get(0));
            }
        }
        return all.toString();
    }

    private void object(JsonNode value, JsonNode schema, String path, List<String> problems) {
        JsonNode properties = schema.path("properties");
        JsonNode patterns = schema.path("patternProperties");
        schema.path("required").forEach(r -> {
            if (!value.has(r.asText())) {
                problems.add(path + ": missing required property " + r.asText());
            }
        });
        dependencies(value, schema.has("dependencies") ? schema.get("dependencies")
                : schema.path("dependentRequired"), path, problems);
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            String at = path + "/" + name;
            boolean known = false;
            if (properties.has(name)) {
                validate(field.getValue(), properties.get(name), at, problems);
                known = true;
            }
            for (Iterator<Map.Entry<String, JsonNode>> p = patterns.fields(); p.hasNext(); ) {
                Map.Entry<String, JsonNode> pattern = p.next();
                if (matches(pattern.getKey(), name)) {
                    validate(field.getValue(), pattern.getValue(), at, problems);
                    known = true;
                }
            }
            JsonNode additional = schema.get("additionalProperties");
            if (!known && additional != null) {
                if (additional.isBoolean() && !additional.asBoolean()) {
                    problems.add(at + ": unknown property " + name);
                } else if (additional.isObject()) {
                    validate(field.getValue(), additional, at, problems);
                }
            }
        }
    }

    private static void dependencies(JsonNode value, JsonNode dependencies, String path, List<String> problems) {
        dependencies.fields().forEachRemaining(d -> {
            if (value.has(d.getKey()) && d.getValue().isArray()) {
                d.getValue().forEach(needed -> {
                    if (!value.has(needed.asText())) {
                        problems.add(path + ": " + d.getKey() + " needs " + needed.asText());
                    }
                });
            }
        });
    }

    private void array(JsonNode value, JsonNode schema, String path, List<String> problems) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            problems.add(path + ": at least " + schema.get("minItems").asInt() + " items, found " + value.size());
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            problems.add(path + ": at most " + schema.get("maxItems").asInt() + " items, found " + value.size());
        }
        if (schema.path("uniqueItems").asBoolean(false)) {
            Set<JsonNode> seen = new HashSet<>();
            value.forEach(item -> {
                if (!seen.add(item)) {
                    problems.add(path + ": item " + item + " is repeated");
                }
            });
        }
        for (int i = 0; i < value.size(); i++) {
            if (schema.has("items") && schema.get("items").isObject()) {
                validate(value.get(i), schema.get("items"), path + "/" + i, problems);
            }
            if (schema.has("prefixItems") && i < schema.get("prefixItems").size()) {
                validate(value.get(i), schema.get("prefixItems").get(i), path + "/" + i, problems);
            }
        }
    }

    private static void scalar(JsonNode value, JsonNode schema, String path, List<String> problems) {
        if (value.isTextual()) {
            String text = value.asText();
            if (schema.has("minLength") && text.length() < schema.get("minLength").asInt()) {
                problems.add(path + ": shorter than " + schema.get("minLength").asInt() + " characters");
            }
            if (schema.has("maxLength") && text.length() > schema.get("maxLength").asInt()) {
                problems.add(path + ": longer than " + schema.get("maxLength").asInt() + " characters");
            }
            if (schema.has("pattern") && !matches(schema.get("pattern").asText(), text)) {
                problems.add(path + ": '" + text + "' does not match " + schema.get("pattern").asText());
            }
        }
        Double number = value.isNumber() ? Double.valueOf(value.asDouble())
                : value.isTextual() && NUMBER.matcher(value.asText()).matches() ? Double.valueOf(value.asText())
                : null;
        if (number != null && schema.has("minimum") && number < schema.get("minimum").asDouble()) {
            problems.add(path + ": below the minimum " + schema.get("minimum"));
        }
        if (number != null && schema.has("maximum") && number > schema.get("maximum").asDouble()) {
            problems.add(path + ": above the maximum " + schema.get("maximum"));
        }
    }

    private static boolean hasType(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (hasType(value, t)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual() || value.isNumber() || value.isBoolean();
            case "integer" -> value.isIntegralNumber() || value.isTextual() && INTEGER.matcher(value.asText())
                    .matches();
            case "number" -> value.isNumber() || value.isTextual() && NUMBER.matcher(value.asText()).matches();
            case "boolean" -> value.isBoolean() || value.isTextual()
                    && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"));
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static boolean contains(JsonNode options, JsonNode value) {
        for (JsonNode option : options) {
            if (scalarEquals(option, value)) {
                return true;
            }
        }
        return false;
    }

    /** Equality as CloudFormation compares scalars: by their text ({@code 5} and {@code "5"} are one value). */
    private static boolean scalarEquals(JsonNode expected, JsonNode value) {
        if (expected.isValueNode() && value.isValueNode()) {
            return expected.asText().equals(value.asText());
        }
        return expected.equals(value);
    }

    private static boolean matches(String regex, String text) {
        try {
            return Pattern.compile(regex).matcher(text).find();
        } catch (PatternSyntaxException e) {
            // A pattern Java cannot read (the registry's are ECMA-262) constrains nothing here.
            return true;
        }
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("Only local $refs are supported: " + ref);
        }
        return root.at(ref.substring(1));
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.isTextual() ? "the string '" + value.asText() + "'" : value.getNodeType().name().toLowerCase()
                + " " + value;
    }
}
