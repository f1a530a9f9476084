package com.cordiul.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one resource waits for, as CloudFormation orders its operations: the resources of its {@code DependsOn}
 * and those its properties refer to ({@code Ref}, {@code Fn::GetAtt}, the references of {@code Fn::Sub}), Globals
 * merged, reading only the {@code Fn::If} branches the conditions choose. A name SAM generates stands for the
 * declared resource it is generated from ({@code CallStatusFunctionAliaslive} is {@code CallStatusFunction}).
 * A SAM function's {@code Events} are left out: SAM makes separate resources of them, which wait for the
 * function, not the other way round.
 */
final class Dependencies {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Stack stack;
    private final Set<String> found = new LinkedHashSet<>();

    private Dependencies(Stack stack) {
        this.stack = stack;
    }

    /** The existing declared resources that resource depends on, in the order they are met. */
    static Set<String> of(Stack stack, String logicalId) {
        Dependencies dependencies = new Dependencies(stack);
        JsonNode resource = stack.declared().get(logicalId);
        JsonNode dependsOn = resource.path("DependsOn");
        if (dependsOn.isTextual()) {
            dependencies.add(dependsOn.asText());
        }
        dependsOn.forEach(d -> dependencies.add(d.asText()));
        JsonNode properties = stack.mergedProperties(logicalId);
        if (properties != null && properties.isObject()) {
            boolean samFunction = Stack.FUNCTION.equals(resource.path("Type").asText());
            properties.properties().forEach(p -> {
                if (!(samFunction && "Events".equals(p.getKey()))) {
                    dependencies.walk(p.getValue());
                }
            });
        }
        dependencies.found.remove(logicalId);
        return Collections.unmodifiableSet(dependencies.found);
    }

    private void walk(JsonNode node) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            node.forEach(this::walk);
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (node.size() == 1) {
            Map.Entry<String, JsonNode> only = node.properties().iterator().next();
            JsonNode argument = only.getValue();
            switch (only.getKey()) {
                case "Ref" -> {
                    add(argument.asText());
                    return;
                }
                case "Fn::GetAtt" -> {
                    add(argument.isArray() ? argument.path(0).asText()
                            : argument.asText().substring(0, Math.max(0, argument.asText().indexOf('.'))));
                    return;
                }
                case "Fn::Sub" -> {
                    sub(argument);
                    return;
                }
                case "Fn::If" -> {
                    if (argument.isArray() && argument.size() == 3) {
                        walk(stack.condition(argument.get(0).asText()) ? argument.get(1) : argument.get(2));
                        return;
                    }
                }
                default -> {
                    // Any other function: its arguments may hold references.
                }
            }
        }
        node.forEach(this::walk);
    }

    private void sub(JsonNode argument) {
        String text = argument.isArray() ? argument.path(0).asText() : argument.asText();
        Set<String> variables = new LinkedHashSet<>();
        if (argument.isArray() && argument.path(1).isObject()) {
            argument.get(1).properties().forEach(v -> {
                variables.add(v.getKey());
                walk(v.getValue());
            });
        }
        Matcher variable = SUB_VARIABLE.matcher(text);
        while (variable.find()) {
            String name = variable.group(1).strip();
            if (name.startsWith("!") || variables.contains(name) || name.startsWith("AWS::")) {
                continue;
            }
            add(name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
        }
    }

    /** Adds the declared resource a name stands for; parameters, pseudo parameters and unknown names add none. */
    private void add(String name) {
        String id = declaredResourceOf(name);
        if (id != null && stack.exists(id)) {
            found.add(id);
        }
    }

    private String declaredResourceOf(String name) {
        if (stack.declared().has(name)) {
            return name;
        }
        String base = name.endsWith(".Alias") || name.endsWith(".Version") || name.endsWith(".Stage")
                || name.endsWith(".Deployment") ? name.substring(0, name.lastIndexOf('.')) : name;
        if (stack.declared().has(base)) {
            return base;
        }
        if (!stack.generatedResources().containsKey(name) && !name.matches(".+(Version|Deployment)[0-9a-f]{10}")) {
            return null;
        }
        // A generated name starts with the logical id it is generated from: the longest such id is it.
        String best = null;
        for (var ids = stack.declared().fieldNames(); ids.hasNext();) {
            String id = ids.next();
            if (name.startsWith(id) && (best == null || id.length() > best.length())) {
                best = id;
            }
        }
        return best;
    }
}
