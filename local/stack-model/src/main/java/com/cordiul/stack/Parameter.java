package com.cordiul.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of the template's {@code Parameters}, as declared.
 *
 * @param name          its logical name
 * @param type          {@code String}, {@code Number}, {@code List<Number>}, {@code CommaDelimitedList}, or an
 *                      AWS-specific type (checked as a String)
 * @param defaultValue  {@code Default}, as text
 * @param allowedValues {@code AllowedValues}, as text (empty: any)
 * @param allowedPattern {@code AllowedPattern}, or null
 * @param minLength     {@code MinLength}, or null
 * @param maxLength     {@code MaxLength}, or null
 * @param minValue      {@code MinValue}, or null
 * @param maxValue      {@code MaxValue}, or null
 * @param noEcho        {@code NoEcho}
 * @param description   {@code Description}, or empty
 */
public record Parameter(String name, String type, Optional<String> defaultValue, List<String> allowedValues,
                        String allowedPattern, Integer minLength, Integer maxLength, BigDecimal minValue,
                        BigDecimal maxValue, boolean noEcho, String description) {

    public Parameter {
        allowedValues = List.copyOf(allowedValues);
    }

    /** Reads a declaration. */
    static Parameter of(String name, JsonNode node) {
        if (!node.isObject()) {
            throw new TemplateException("Parameter " + name + " is not a mapping");
        }
        String type = node.path("Type").asText("");
        if (type.isEmpty()) {
            throw new TemplateException("Parameter " + name + " has no Type");
        }
        List<String> allowed = new ArrayList<>();
        node.path("AllowedValues").forEach(v -> allowed.add(v.asText()));
        JsonNode fallback = node.path("Default");
        return new Parameter(name, type, fallback.isMissingNode() || fallback.isNull() ? Optional.empty()
                : Optional.of(text(fallback)), allowed, node.hasNonNull("AllowedPattern")
                ? node.get("AllowedPattern").asText() : null, integer(node, "MinLength"), integer(node, "MaxLength"),
                decimal(name, node, "MinValue"), decimal(name, node, "MaxValue"), node.path("NoEcho").asBoolean(false),
                node.path("Description").asText(""));
    }

    /** Whether the parameter is a list ({@code List<...>} or {@code CommaDelimitedList}). */
    public boolean isList() {
        return type.startsWith("List<") || "CommaDelimitedList".equals(type);
    }

    /** Whether its values are numbers ({@code Number} or {@code List<Number>}). */
    public boolean isNumber() {
        return "Number".equals(type) || "List<Number>".equals(type);
    }

    /** Checks a value as CloudFormation checks it at deploy time; returns it when it passes. */
    String check(String value) {
        if (type.startsWith("AWS::SSM::Parameter::Value")) {
            throw new ParameterException("Parameter " + name + " reads SSM parameter store (" + type + "), which "
                    + "the local stack cannot reach: give it a value with an override");
        }
        List<String> items = isList() ? List.of(value.split(",", -1)) : List.of(value);
        for (String item : items) {
            String one = isList() ? item.trim() : item;
            if (isNumber()) {
                checkNumber(one);
            }
            if (!allowedValues.isEmpty() && !allowedValues.contains(one)) {
                throw new ParameterException("Parameter " + name + " must be one of " + allowedValues + ", not '"
                        + one + "'");
            }
        }
        if (allowedPattern != null && !Pattern.compile(allowedPattern).matcher(value).matches()) {
            throw new ParameterException("Parameter " + name + " must match " + allowedPattern + ", not '" + value
                    + "'");
        }
        if (minLength != null && value.length() < minLength || maxLength != null && value.length() > maxLength) {
            throw new ParameterException("Parameter " + name + " must be " + (minLength == null ? 0 : minLength)
                    + " to " + (maxLength == null ? "any number of" : maxLength) + " characters long");
        }
        return value;
    }

    private void checkNumber(String value) {
        BigDecimal number;
        try {
            number = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new ParameterException("Parameter " + name + " is a " + type + ": '" + value + "' is not a number");
        }
        if (minValue != null && number.compareTo(minValue) < 0 || maxValue != null && number.compareTo(maxValue) > 0) {
            throw new ParameterException("Parameter " + name + " must be between "
                    + (minValue == null ? "-inf" : minValue.toPlainString()) + " and "
                    + (maxValue == null ? "+inf" : maxValue.toPlainString()) + ", not " + value);
        }
    }

    private static String text(JsonNode node) {
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(i -> items.add(i.asText()));
            return String.join(",", items);
        }
        return node.asText();
    }

    private static Integer integer(JsonNode node, String field) {
        return node.hasNonNull(field) ? Integer.valueOf(node.get(field).asInt()) : null;
    }

    private static BigDecimal decimal(String name, JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            return null;
        }
        try {
            return new BigDecimal(node.get(field).asText());
        } catch (NumberFormatException e) {
            throw new TemplateException("Parameter " + name + " has a " + field + " that is not a number");
        }
    }
}
