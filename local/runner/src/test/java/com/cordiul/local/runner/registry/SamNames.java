package com.cordiul.local.runner.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The names a SAM template can refer to, and the CloudFormation type each stands for (whose attributes
 * {@code Fn::GetAtt} reads): its own resources, and those the SAM transform generates from them, as SAM documents
 * ("Generated CloudFormation resources"): a function's {@code <Function>Role} (without a {@code Role} of its own),
 * {@code <Function>Alias<alias>} ({@code AutoPublishAlias}) and the {@code <Function>.Alias}/{@code .Version}
 * references, a schedule event's {@code <Function><Event>} rule and its permission, an API's
 * {@code <Api><stage>Stage} (or {@code <Api>Stage} when the stage name is an intrinsic) and the {@code <Api>.Stage}/
 * {@code .Deployment} references, and the implicit
 * {@code ServerlessRestApi} of API events without a {@code RestApiId}. A generated name exists under the
 * {@code Condition} of the resource it is generated from, as SAM passes the condition on.
 */
final class SamNames {

    private final Map<String, String> types;
    private final Map<String, String> conditions;

    private SamNames(Map<String, String> types, Map<String, String> conditions) {
        this.types = types;
        this.conditions = conditions;
    }

    static SamNames of(CfnTemplate template) {
        Map<String, String> types = new LinkedHashMap<>();
        boolean implicitApi = false;
        Map<String, String> conditions = new LinkedHashMap<>();
        for (CfnTemplate.Resource resource : template.resources().values()) {
            String id = resource.logicalId();
            JsonNode properties = resource.properties();
            Set<String> before = Set.copyOf(types.keySet());
            switch (String.valueOf(resource.type())) {
                case "AWS::Serverless::Function" -> {
                    types.put(id, "AWS::Lambda::Function");
                    if (!properties.has("Role")) {
                        types.put(id + "Role", "AWS::IAM::Role");
                    }
                    JsonNode alias = properties.has("AutoPublishAlias") ? properties.get("AutoPublishAlias")
                            : template.globals("Function").path("AutoPublishAlias");
                    if (alias.isTextual()) {
                        types.put(id + "Alias" + alias.asText(), "AWS::Lambda::Alias");
                        types.put(id + ".Alias", "AWS::Lambda::Alias");
                        types.put(id + ".Version", "AWS::Lambda::Version");
                    }
                    for (Map.Entry<String, JsonNode> event : properties.path("Events").properties()) {
                        String eventType = event.getValue().path("Type").asText();
                        if (eventType.equals("Schedule")) {
                            types.put(id + event.getKey(), "AWS::Events::Rule");
                            types.put(id + event.getKey() + "Permission", "AWS::Lambda::Permission");
                        }
                        if (eventType.equals("Api") && !event.getValue().path("Properties").has("RestApiId")) {
                            implicitApi = true;
                        }
                    }
                }
                case "AWS::Serverless::Api" -> api(types, id, stage(template, properties.path("StageName")));
                case "AWS::Serverless::LayerVersion" -> types.put(id, "AWS::Lambda::LayerVersion");
                case "AWS::Serverless::SimpleTable" -> types.put(id, "AWS::DynamoDB::Table");
                default -> types.put(id, resource.type());
            }
            JsonNode condition = resource.node().path("Condition");
            if (condition.isTextual()) {
                types.keySet().stream().filter(name -> !before.contains(name))
                        .forEach(name -> conditions.put(name, condition.asText()));
            }
        }
        if (implicitApi && !types.containsKey("ServerlessRestApi")) {
            api(types, "ServerlessRestApi", "Prod");
        }
        return new SamNames(types, conditions);
    }

    /** Whether the template can refer to that name ({@code Ref} or {@code Fn::GetAtt}). */
    boolean has(String name) {
        return types.containsKey(name);
    }

    /** The {@code Condition} under which the name exists, or null when it always does. */
    String conditionOf(String name) {
        return conditions.get(name);
    }

    /** The CloudFormation type the name stands for. */
    String typeOf(String name) {
        return types.get(name);
    }

    /** The API, its references, and its stage: {@code <Api><name>Stage} for a literal name, else {@code <Api>Stage}. */
    private static void api(Map<String, String> types, String id, String stage) {
        types.put(id, "AWS::ApiGateway::RestApi");
        types.put(id + ".Stage", "AWS::ApiGateway::Stage");
        types.put(id + ".Deployment", "AWS::ApiGateway::Deployment");
        types.put(id + "Stage", "AWS::ApiGateway::Stage");
        if (stage != null && stage.chars().allMatch(Character::isLetterOrDigit)) {
            types.put(id + stage + "Stage", "AWS::ApiGateway::Stage");
        }
    }

    /** The stage's name as SAM may resolve it for logical ids: a literal, or a parameter's default. */
    private static String stage(CfnTemplate template, JsonNode stageName) {
        if (stageName.isTextual()) {
            return stageName.asText();
        }
        if (stageName.has("Ref")) {
            JsonNode fallback = template.root().path("Parameters").path(stageName.get("Ref").asText()).path("Default");
            return fallback.isValueNode() ? fallback.asText() : null;
        }
        return null;
    }
}
