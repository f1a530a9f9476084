package com.cordiul.local.runner.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What CloudFormation itself would refuse in a SAM template, checked against the registry:
 * <ul>
 *   <li>every resource {@code Type} is an {@code AWS::Serverless::*} type, a {@code Custom::*} with a
 *       {@code ServiceToken}, or a type CloudFormation has in us-east-1;</li>
 *   <li>every other resource's {@code Properties} validate against the type's provider schema (custom resources
 *       against {@code AWS::CloudFormation::CustomResource}'s), none of them read-only;</li>
 *   <li>the resource attributes are CloudFormation's ({@code DependsOn} naming resources of the template,
 *       a known {@code DeletionPolicy}/{@code UpdateReplacePolicy});</li>
 *   <li>every {@code Ref} and {@code Fn::GetAtt}, in either form and inside {@code Fn::Sub} strings, names a
 *       parameter, a pseudo parameter, a resource or one SAM generates ({@link SamNames}), and every attribute
 *       exists: a read-only property of the provider schema, or a key a custom resource's provider puts in its
 *       {@code Data};</li>
 *   <li>conditions: every {@code Condition} of a resource or an output, every {@code Fn::If} and every
 *       {@code Condition} function names one of {@code Conditions}; and a resource (or a name SAM generates from
 *       it) that has a {@code Condition} is referred to ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub},
 *       {@code DependsOn}) only where that condition holds: from a resource or an output with the same
 *       condition, or in the first branch of an {@code Fn::If} on it. CloudFormation refuses any other reference
 *       when the condition is false ("Unresolved resource dependencies").</li>
 * </ul>
 */
final class TemplateCheck {

    private static final Set<String> PSEUDO = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
    private static final Set<String> ATTRIBUTES = Set.of("Type", "Properties", "DependsOn", "DeletionPolicy",
            "UpdateReplacePolicy", "Condition", "Metadata", "CreationPolicy", "UpdatePolicy");
    private static final Set<String> SAM_ATTRIBUTES = Set.of("IgnoreGlobals", "Connectors");
    private static final Set<String> POLICIES = Set.of("Delete", "Retain", "RetainExceptOnCreate", "Snapshot");
    private static final String CUSTOM_RESOURCE = "AWS::CloudFormation::CustomResource";
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final CloudFormationRegistry registry;
    private final Map<String, Set<String>> customData;

    /** @param customData for each custom resource type, the keys its provider puts in {@code Data} */
    TemplateCheck(CloudFormationRegistry registry, Map<String, Set<String>> customData) {
        this.registry = registry;
        this.customData = Map.copyOf(customData);
    }

    /** Every problem of the template, each naming where it is; empty when CloudFormation would take it. */
    List<String> problems(CfnTemplate template) {
        List<String> problems = new ArrayList<>();
        SamNames names = SamNames.of(template);
        for (CfnTemplate.Resource resource : template.resources().values()) {
            String at = "Resources/" + resource.logicalId();
            String type = resource.type();
            if (type == null) {
                problems.add(at + ": no Type");
                continue;
            }
            attributes(resource, template, at, problems);
            if (type.startsWith("AWS::Serverless::")) {
                continue;
            }
            if (type.startsWith("Custom::")) {
                if (!resource.properties().has("ServiceToken")) {
                    problems.add(at + ": custom resource type " + type + " without a ServiceToken");
                }
                properties(resource, CUSTOM_RESOURCE, at, problems);
            } else if (!registry.hasType(type)) {
                problems.add(at + ": resource type " + type + " does not exist in CloudFormation (us-east-1)");
            } else {
                properties(resource, type, at, problems);
            }
        }
        Scope scope = new Scope(template, names, problems);
        for (CfnTemplate.Resource resource : template.resources().values()) {
            Set<String> holding = scope.declaredCondition(resource.node(), "Resources/" + resource.logicalId());
            scope.dependsOn(resource, holding);
            references(resource.node(), "Resources/" + resource.logicalId(), scope, holding);
        }
        template.root().path("Outputs").properties().forEach(o -> references(o.getValue(), "Outputs/" + o.getKey(),
                scope, scope.declaredCondition(o.getValue(), "Outputs/" + o.getKey())));
        references(template.root().path("Globals"), "Globals", scope, Set.of());
        references(template.root().path("Conditions"), "Conditions", scope, Set.of());
        return problems;
    }

    /** What the reference checks share: the template, its names, and where problems go. */
    private record Scope(CfnTemplate template, SamNames names, List<String> problems) {

        /** The conditions known to hold where a resource's or an output's node is read: its own, if any. */
        Set<String> declaredCondition(JsonNode node, String at) {
            JsonNode condition = node.path("Condition");
            if (condition.isMissingNode()) {
                return Set.of();
            }
            if (!condition.isTextual() || !template.conditions().contains(condition.asText())) {
                problems.add(at + "/Condition: " + condition + " is not one of the template's Conditions "
                        + template.conditions());
                return Set.of();
            }
            return Set.of(condition.asText());
        }

        /** A resource that exists only under a condition must not be waited for where it may be missing. */
        void dependsOn(CfnTemplate.Resource resource, Set<String> holding) {
            JsonNode dependsOn = resource.node().path("DependsOn");
            List<JsonNode> targets = new ArrayList<>();
            if (dependsOn.isArray()) {
                dependsOn.forEach(targets::add);
            } else if (dependsOn.isTextual()) {
                targets.add(dependsOn);
            }
            targets.forEach(t -> guarded(t.asText(), "Resources/" + resource.logicalId() + "/DependsOn", holding));
        }

        /** Reports a reference to a conditional name made where its condition is not known to hold. */
        void guarded(String name, String at, Set<String> holding) {
            String condition = names.conditionOf(name);
            if (condition != null && !holding.contains(condition)) {
                problems.add(at + ": refers to " + name + ", which exists only when " + condition + " holds: give "
                        + "the referrer Condition " + condition + " or refer to it in Fn::If [" + condition
                        + ", ...]");
            }
        }
    }

    private void properties(CfnTemplate.Resource resource, String schemaType, String at, List<String> problems) {
        JsonNode schema = registry.schema(schemaType).orElse(null);
        if (schema == null) {
            problems.add(at + ": no registry schema of " + schemaType + " in the reference to check it against "
                    + "(add schemas/" + schemaType.replace("::", "-") + ".json)");
            return;
        }
        JsonNode properties = resource.properties();
        if (!properties.isMissingNode() && !properties.isObject()) {
            problems.add(at + "/Properties: expected an object");
            return;
        }
        problems.addAll(new RegistrySchemaValidator(schema).validateProperties(properties, at + "/Properties"));
        for (String readOnly : registry.attributes(schemaType)) {
            if (!readOnly.contains(".") && properties.has(readOnly)) {
                problems.add(at + "/Properties/" + readOnly + ": read-only (an attribute), it cannot be set");
            }
        }
    }

    private static void attributes(CfnTemplate.Resource resource, CfnTemplate template, String at,
                                   List<String> problems) {
        boolean sam = resource.type().startsWith("AWS::Serverless::");
        resource.node().fieldNames().forEachRemaining(name -> {
            if (!ATTRIBUTES.contains(name) && !(sam && SAM_ATTRIBUTES.contains(name))) {
                problems.add(at + ": unknown resource attribute " + name);
            }
        });
        for (String policy : List.of("DeletionPolicy", "UpdateReplacePolicy")) {
            JsonNode value = resource.node().path(policy);
            if (!value.isMissingNode() && !POLICIES.contains(value.asText())) {
                problems.add(at + "/" + policy + ": " + value + " is not one of " + POLICIES);
            }
        }
        JsonNode dependsOn = resource.node().path("DependsOn");
        List<JsonNode> targets = new ArrayList<>();
        if (dependsOn.isArray()) {
            dependsOn.forEach(targets::add);
        } else if (!dependsOn.isMissingNode()) {
            targets.add(dependsOn);
        }
        for (JsonNode target : targets) {
            if (!target.isTextual() || !template.resources().containsKey(target.asText())) {
                problems.add(at + "/DependsOn: " + target + " is no resource of the template");
            }
        }
    }

    private void references(JsonNode node, String at, Scope scope, Set<String> holding) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                references(node.get(i), at + "/" + i, scope, holding);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (node.size() == 1 && node.has("Ref")) {
            ref(node.get("Ref"), at, scope, holding);
            return;
        }
        if (node.size() == 1 && node.has("Fn::GetAtt")) {
            getAtt(node.get("Fn::GetAtt"), at, scope, holding);
            return;
        }
        if (node.size() == 1 && node.has("Fn::Sub")) {
            sub(node.get("Fn::Sub"), at, scope, holding);
            return;
        }
        if (node.size() == 1 && node.has("Fn::If")) {
            fnIf(node.get("Fn::If"), at, scope, holding);
            return;
        }
        if (node.size() == 1 && node.has("Condition") && node.get("Condition").isTextual()
                && !scope.template().conditions().contains(node.get("Condition").asText())) {
            scope.problems().add(at + ": Condition " + node.get("Condition") + " is not one of the template's "
                    + "Conditions");
            return;
        }
        node.fields().forEachRemaining(f -> references(f.getValue(), at + "/" + f.getKey(), scope, holding));
    }

    /** {@code Fn::If [condition, whenTrue, whenFalse]}: the condition holds in the first branch. */
    private void fnIf(JsonNode argument, String at, Scope scope, Set<String> holding) {
        if (!argument.isArray() || argument.size() != 3 || !argument.get(0).isTextual()) {
            scope.problems().add(at + ": malformed Fn::If " + argument + " (write [Condition, value, value])");
            return;
        }
        String condition = argument.get(0).asText();
        if (!scope.template().conditions().contains(condition)) {
            scope.problems().add(at + "/Fn::If: " + condition + " is not one of the template's Conditions "
                    + scope.template().conditions());
        }
        Set<String> inFirst = new LinkedHashSet<>(holding);
        inFirst.add(condition);
        references(argument.get(1), at + "/Fn::If/1", scope, inFirst);
        references(argument.get(2), at + "/Fn::If/2", scope, holding);
    }

    private static void ref(JsonNode target, String at, Scope scope, Set<String> holding) {
        if (!target.isTextual()) {
            scope.problems().add(at + ": Ref of " + target + ", not a name");
            return;
        }
        String name = target.asText();
        if (!PSEUDO.contains(name) && !scope.template().parameters().contains(name) && !scope.names().has(name)) {
            scope.problems().add(at + ": Ref to " + name + ", which is no parameter, pseudo parameter or resource");
            return;
        }
        scope.guarded(name, at, holding);
    }

    private void getAtt(JsonNode argument, String at, Scope scope, Set<String> holding) {
        SamNames names = scope.names();
        List<String> problems = scope.problems();
        String resource;
        JsonNode attribute;
        if (argument.isArray() && argument.size() == 2 && argument.get(0).isTextual()) {
            resource = argument.get(0).asText();
            attribute = argument.get(1);
        } else if (argument.isTextual() && argument.asText().contains(".")) {
            String text = argument.asText();
            resource = text.substring(0, text.indexOf('.'));
            attribute = TextNode.valueOf(text.substring(text.indexOf('.') + 1));
        } else {
            problems.add(at + ": malformed Fn::GetAtt " + argument);
            return;
        }
        if (attribute(resource, attribute, at, names, problems)) {
            scope.guarded(resource, at, holding);
        }
    }

    /** Checks the attribute; false when the resource itself is unknown. */
    private boolean attribute(String resource, JsonNode attribute, String at, SamNames names,
                              List<String> problems) {
        if (!names.has(resource)) {
            problems.add(at + ": Fn::GetAtt of " + resource + ", which is no resource of the template");
            return false;
        }
        if (!attribute.isTextual()) {
            // An attribute chosen by an intrinsic (a parameter) is known at deploy time only.
            return true;
        }
        String type = names.typeOf(resource);
        String name = attribute.asText();
        Set<String> known;
        if (type.startsWith("Custom::")) {
            known = customData.get(type);
            if (known == null) {
                problems.add(at + ": Fn::GetAtt " + resource + "." + name + ": nothing says which Data the "
                        + type + " provider answers");
                return true;
            }
        } else if (registry.schema(type).isEmpty()) {
            problems.add(at + ": Fn::GetAtt " + resource + "." + name + ": no registry schema of " + type
                    + " to check the attribute against");
            return true;
        } else {
            known = registry.attributes(type);
        }
        if (!known.contains(name)) {
            problems.add(at + ": Fn::GetAtt " + resource + "." + name + ": " + type + " has no attribute " + name
                    + " (it has " + known + ")");
        }
        return true;
    }

    private void sub(JsonNode argument, String at, Scope scope, Set<String> holding) {
        String text;
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        if (argument.isTextual()) {
            text = argument.asText();
        } else if (argument.isArray() && argument.size() == 2 && argument.get(0).isTextual()
                && argument.get(1).isObject()) {
            text = argument.get(0).asText();
            argument.get(1).fields().forEachRemaining(v -> variables.put(v.getKey(), v.getValue()));
            variables.forEach((name, value) -> references(value, at + "/Fn::Sub/" + name, scope, holding));
        } else {
            scope.problems().add(at + ": malformed Fn::Sub " + argument);
            return;
        }
        Matcher variable = SUB_VARIABLE.matcher(text);
        while (variable.find()) {
            String name = variable.group(1).strip();
            if (name.startsWith("!") || variables.containsKey(name)) {
                continue;
            }
            String where = at + " (Fn::Sub ${" + name + "})";
            if (name.contains(".") && !name.startsWith("AWS::")) {
                String resource = name.substring(0, name.indexOf('.'));
                if (attribute(resource, TextNode.valueOf(name.substring(name.indexOf('.') + 1)), where,
                        scope.names(), scope.problems())) {
                    scope.guarded(resource, where, holding);
                }
            } else {
                ref(TextNode.valueOf(name), where, scope, holding);
            }
        }
    }
}
