package com.cordiul.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the template's intrinsic functions (long form) to the values they take locally: parameters to their
 * default or override, a resource to its logical id (a table's local name), pseudo parameters to fixed local values.
 */
final class Intrinsics {

    /** The local stand-in for the account id. */
    static final String ACCOUNT_ID = "123456789012";
    /** The local stack name. */
    static final String STACK_NAME = "cordiul-local";
    /** The id the local SIP media application answers to. */
    static final String SIP_MEDIA_APPLICATION_ID = "local-sma";

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]+)}");

    private final Map<String, String> parameters;
    private final JsonNode resources;
    private final String region;

    Intrinsics(Map<String, String> parameters, JsonNode resources, String region) {
        this.parameters = Map.copyOf(parameters);
        this.resources = resources;
        this.region = region;
    }

    /** The value of a node: a scalar as text, an intrinsic resolved; null for {@code AWS::NoValue}. */
    String resolve(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.isObject() && node.size() == 1) {
            String function = node.fieldNames().next();
            JsonNode argument = node.get(function);
            switch (function) {
                case "Ref":
                    return ref(argument.asText());
                case "Fn::GetAtt":
                    return getAtt(argument);
                case "Fn::Sub":
                    return sub(argument);
                case "Fn::Join":
                    return join(argument);
                case "Fn::Select":
                    return select(argument);
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("The local runner cannot resolve " + node
                + " (it knows Ref, Fn::GetAtt, Fn::Sub, Fn::Join and Fn::Select in their long form)");
    }

    /** Whether the template declares that parameter. */
    boolean hasParameter(String name) {
        return parameters.containsKey(name);
    }

    /** The value of {@code Ref: name}. */
    String ref(String name) {
        switch (name) {
            case "AWS::Region":
                return region;
            case "AWS::AccountId":
                return ACCOUNT_ID;
            case "AWS::StackName":
                return STACK_NAME;
            case "AWS::StackId":
                return "arn:aws:cloudformation:" + region + ":" + ACCOUNT_ID + ":stack/" + STACK_NAME + "/local";
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NoValue":
                return null;
            default:
                break;
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        if (resources.has(name) || aliasedFunction(name) != null) {
            // Locally every resource is named by its logical id: tables, functions, APIs, aliases.
            return name;
        }
        throw new IllegalArgumentException("Ref to unknown parameter or resource '" + name + "'");
    }

    /**
     * The function behind an alias that SAM generates for {@code AutoPublishAlias} ({@code <Function>Alias<name>}),
     * or null when the name is no such alias.
     */
    String aliasedFunction(String name) {
        int at = name.lastIndexOf("Alias");
        while (at > 0) {
            String function = name.substring(0, at);
            if ("AWS::Serverless::Function".equals(resources.path(function).path("Type").asText())) {
                return function;
            }
            at = name.lastIndexOf("Alias", at - 1);
        }
        return null;
    }

    private String getAtt(JsonNode argument) {
        String resource;
        String attribute;
        if (argument.isArray() && argument.size() == 2) {
            resource = argument.get(0).asText();
            attribute = resolve(argument.get(1));
        } else if (argument.isTextual() && argument.asText().contains(".")) {
            String text = argument.asText();
            resource = text.substring(0, text.indexOf('.'));
            attribute = text.substring(text.indexOf('.') + 1);
        } else {
            throw new IllegalArgumentException("Malformed Fn::GetAtt " + argument);
        }
        return attribute(resource, attribute);
    }

    private String attribute(String resource, String attribute) {
        if (!resources.has(resource)) {
            throw new IllegalArgumentException("Fn::GetAtt of unknown resource '" + resource + "'");
        }
        if ("SipMediaApplicationId".equals(attribute)) {
            return SIP_MEDIA_APPLICATION_ID;
        }
        if ("Arn".equals(attribute) || attribute.endsWith("Arn")) {
            return "arn:aws:local:" + region + ":" + ACCOUNT_ID + ":" + resource;
        }
        return resource;
    }

    private String sub(JsonNode argument) {
        String text;
        Map<String, String> variables = new HashMap<>();
        if (argument.isTextual()) {
            text = argument.asText();
        } else if (argument.isArray() && argument.size() == 2) {
            text = argument.get(0).asText();
            argument.get(1).properties().forEach(e -> variables.put(e.getKey(), resolve(e.getValue())));
        } else {
            throw new IllegalArgumentException("Malformed Fn::Sub " + argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(2).trim();
            String value;
            if (!matcher.group(1).isEmpty()) {
                value = "${" + name + "}";
            } else if (variables.containsKey(name)) {
                value = variables.get(name);
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                value = attribute(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1));
            } else {
                value = ref(name);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String join(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 2 || !argument.get(1).isArray()) {
            throw new IllegalArgumentException("Malformed Fn::Join " + argument);
        }
        List<String> parts = new ArrayList<>();
        argument.get(1).forEach(part -> parts.add(resolve(part)));
        return String.join(argument.get(0).asText(), parts);
    }

    private String select(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 2 || !argument.get(1).isArray()) {
            throw new IllegalArgumentException("Malformed Fn::Select " + argument);
        }
        return resolve(argument.get(1).get(Integer.parseInt(resolve(argument.get(0)))));
    }
}
