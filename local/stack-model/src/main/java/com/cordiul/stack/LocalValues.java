package com.cordiul.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code Ref} and {@code Fn::GetAtt} of each resource give locally: its physical name is its name property or
 * its logical id (a table is named {@code CallsTable}), its ARN is in the local account and region
 * ({@link PseudoParameters}), a queue's URL is under the stack's queue URL prefix, a custom resource gives what its
 * provider answered ({@link Stack#withAttributes}); and the resources SAM generates from the template, so that a
 * template may refer to them.
 */
final class LocalValues implements Intrinsics.References {

    /** SQS's URL prefix for the local account and region, until a local endpoint is given. */
    static final String AWS_QUEUE_URL_PREFIX = "https://sqs." + PseudoParameters.REGION + "."
            + PseudoParameters.URL_SUFFIX + "/" + PseudoParameters.ACCOUNT_ID + "/";

    /** SAM's {@code <Function>Version<hash>} and {@code <Api>Deployment<hash>}: the hash is SAM's own. */
    private static final Pattern HASHED = Pattern.compile("(.+?)(Version|Deployment)[0-9a-f]{10}");
    private static final Pattern FUNCTION_ARN =
            Pattern.compile("arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)(:[^:]+)?");

    private final Stack stack;
    private volatile Map<String, String> generated;

    LocalValues(Stack stack) {
        this.stack = stack;
    }

    /** What a custom resource's attribute reads before its provider answered: says which, never a real id. */
    static String unprovisioned(String resource, String attribute) {
        return "unprovisioned-" + resource + "-" + attribute;
    }

    static boolean isCustom(String type) {
        return type.startsWith("Custom::") || "AWS::CloudFormation::CustomResource".equals(type);
    }

    @Override
    public JsonNode ref(String name) {
        if (stack.declared().has(name)) {
            requireExists(name);
            return text(refOf(name, typeOf(name)));
        }
        if (name.endsWith(".Alias") || name.endsWith(".Version")) {
            String function = name.substring(0, name.lastIndexOf('.'));
            if (isFunction(function)) {
                return text(name.endsWith(".Alias") ? aliasArn(function) : functionArn(function) + ":1");
            }
        }
        String type = generated().get(name);
        if (type == null) {
            Matcher hashed = HASHED.matcher(name);
            if (hashed.matches() && (isFunction(hashed.group(1)) || "Deployment".equals(hashed.group(2)))) {
                return text("Version".equals(hashed.group(2)) ? functionArn(hashed.group(1)) + ":1" : "local");
            }
            return null;
        }
        return text(refOf(name, type));
    }

    @Override
    public JsonNode attribute(String resource, String attribute) {
        String type = stack.declared().has(resource) ? typeOf(resource) : generated().get(resource);
        if (type == null) {
            throw new TemplateException("Fn::GetAtt of unknown resource '" + resource + "'");
        }
        if (stack.declared().has(resource)) {
            requireExists(resource);
        }
        if (isCustom(type)) {
            Map<String, String> answered = stack.suppliedAttributes().get(resource);
            if (answered == null || !answered.containsKey(attribute)) {
                // Known only once its ServiceToken function answered Create (Stack.withAttributes): until then a
                // reader that does not provision (a consistency test, the bench) sees a value that says so.
                return text(unprovisioned(resource, attribute));
            }
            return text(answered.get(attribute));
        }
        String value = typedAttribute(resource, type, attribute);
        if (value != null) {
            return text(value);
        }
        if (attribute.endsWith("Arn")) {
            return text(PseudoParameters.arn(service(type), name(resource, type)));
        }
        return text(name(resource, type));
    }

    private String typedAttribute(String id, String type, String attribute) {
        String name = name(id, type);
        return switch (type + "." + attribute) {
            case "AWS::DynamoDB::Table.Arn", "AWS::Serverless::SimpleTable.Arn" ->
                    PseudoParameters.arn("dynamodb", "table/" + name);
            case "AWS::DynamoDB::Table.StreamArn" ->
                    PseudoParameters.arn("dynamodb", "table/" + name + "/stream/local");
            case "AWS::Serverless::Function.Arn", "AWS::Lambda::Function.Arn" -> functionArn(id);
            case "AWS::SQS::Queue.Arn" -> PseudoParameters.arn("sqs", name);
            case "AWS::SQS::Queue.QueueName" -> name;
            case "AWS::SQS::Queue.QueueUrl" -> stack.queueUrlPrefix() + name;
            case "AWS::SNS::Topic.TopicArn" -> PseudoParameters.arn("sns", name);
            case "AWS::SNS::Topic.TopicName" -> name;
            case "AWS::Logs::LogGroup.Arn" -> PseudoParameters.arn("logs", "log-group:" + name + ":*");
            case "AWS::IAM::Role.Arn" -> "arn:" + PseudoParameters.PARTITION + ":iam::" + PseudoParameters.ACCOUNT_ID
                    + ":role/" + name;
            case "AWS::Events::Rule.Arn" -> PseudoParameters.arn("events", "rule/" + name);
            case "AWS::CloudWatch::Alarm.Arn" -> PseudoParameters.arn("cloudwatch", "alarm:" + name);
            case "AWS::Serverless::Api.RootResourceId", "AWS::ApiGateway::RestApi.RootResourceId" -> "root";
            default -> null;
        };
    }

    private String refOf(String id, String type) {
        if (isCustom(type)) {
            Map<String, String> answered = stack.suppliedAttributes().get(id);
            return answered != null && answered.containsKey("") ? answered.get("") : id;
        }
        return switch (type) {
            case "AWS::SQS::Queue" -> stack.queueUrlPrefix() + name(id, type);
            case "AWS::SNS::Topic" -> PseudoParameters.arn("sns", name(id, type));
            case "AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion" ->
                    PseudoParameters.arn("lambda", "layer:" + name(id, type) + ":1");
            case "AWS::Lambda::Alias" -> aliasArn(aliasedFunction(id));
            default -> name(id, type);
        };
    }

    /** The physical name: the type's name property when the template sets it, else the logical id. */
    private String name(String id, String type) {
        String property = switch (type) {
            case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable" -> "TableName";
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> "FunctionName";
            case "AWS::SQS::Queue" -> "QueueName";
            case "AWS::SNS::Topic" -> "TopicName";
            case "AWS::Logs::LogGroup" -> "LogGroupName";
            case "AWS::Events::Rule" -> "Name";
            case "AWS::CloudWatch::Alarm" -> "AlarmName";
            case "AWS::IAM::Role" -> "RoleName";
            case "AWS::Serverless::LayerVersion" -> "LayerName";
            default -> null;
        };
        JsonNode resource = stack.declared().get(id);
        if (property != null && resource != null && resource.path("Properties").has(property)) {
            String value = stack.intrinsics().text(resource.path("Properties").get(property));
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        if ("AWS::SQS::Queue".equals(type) && resource != null && "true".equals(
                String.valueOf(stack.intrinsics().text(resource.path("Properties").path("FifoQueue"))))) {
            return id + ".fifo";
        }
        return id;
    }

    /** The ids SAM generates, with their types: roles, aliases, stages, rules, event source mappings. */
    Map<String, String> generated() {
        Map<String, String> known = generated;
        if (known == null) {
            known = new LinkedHashMap<>();
            boolean implicitApi = false;
            for (String function : stack.idsOf(Stack.FUNCTION)) {
                implicitApi |= functionResources(function, known);
            }
            for (String api : stack.idsOf("AWS::Serverless::Api")) {
                String stage = stack.intrinsics().text(stack.mergedProperties(api).path("StageName"));
                known.put(api + (stage == null ? "Prod" : stage) + "Stage", "AWS::ApiGateway::Stage");
            }
            if (implicitApi && !stack.declared().has(Stack.IMPLICIT_API)) {
                known.put(Stack.IMPLICIT_API, "AWS::Serverless::Api");
                known.put(Stack.IMPLICIT_API + "ProdStage", "AWS::ApiGateway::Stage");
            }
            generated = Map.copyOf(known);
        }
        return known;
    }

    /** Adds what SAM generates for one function; true when an Api event uses the implicit API. */
    private boolean functionResources(String function, Map<String, String> known) {
        JsonNode properties = stack.mergedProperties(function);
        boolean implicitApi = false;
        if (!properties.has("Role")) {
            known.put(function + "Role", "AWS::IAM::Role");
        }
        if (properties.has("AutoPublishAlias")) {
            known.put(function + "Alias" + stack.intrinsics().text(properties.get("AutoPublishAlias")),
                    "AWS::Lambda::Alias");
        }
        for (var event : properties.path("Events").properties()) {
            String type = event.getValue().path("Type").asText();
            switch (type) {
                case "Schedule", "CloudWatchEvent", "EventBridgeRule" -> {
                    known.put(function + event.getKey(), "AWS::Events::Rule");
                    known.put(function + event.getKey() + "Permission", "AWS::Lambda::Permission");
                }
                case "ScheduleV2" -> known.put(function + event.getKey(), "AWS::Scheduler::Schedule");
                case "SQS", "Kinesis", "DynamoDB", "MSK", "MQ" ->
                        known.put(function + event.getKey(), "AWS::Lambda::EventSourceMapping");
                case "Api" -> implicitApi |= !event.getValue().path("Properties").has("RestApiId");
                default -> {
                    // Other event sources generate resources the local stack has no use for.
                }
            }
        }
        return implicitApi;
    }

    /** The function an ARN, a name, an alias reference or a logical id names. */
    Optional<String> functionIdOf(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (isFunction(value)) {
            return Optional.of(value);
        }
        if ("AWS::Lambda::Alias".equals(generated().get(value))) {
            return Optional.of(aliasedFunction(value));
        }
        Matcher arn = FUNCTION_ARN.matcher(value);
        String name = arn.matches() ? arn.group(1) : value;
        return stack.idsOf(Stack.FUNCTION).stream().filter(id -> name(id, Stack.FUNCTION).equals(name)).findFirst();
    }

    private String aliasedFunction(String aliasId) {
        int at = aliasId.lastIndexOf("Alias");
        while (at > 0) {
            if (isFunction(aliasId.substring(0, at))) {
                return aliasId.substring(0, at);
            }
            at = aliasId.lastIndexOf("Alias", at - 1);
        }
        throw new TemplateException(aliasId + " is no alias of a function of the template");
    }

    private String aliasArn(String function) {
        String alias = stack.intrinsics().text(stack.mergedProperties(function).path("AutoPublishAlias"));
        if (alias == null) {
            throw new TemplateException(function + " has no AutoPublishAlias: it has no alias to refer to");
        }
        return functionArn(function) + ":" + alias;
    }

    private String functionArn(String function) {
        return PseudoParameters.arn("lambda", "function:" + name(function, Stack.FUNCTION));
    }

    private boolean isFunction(String id) {
        return stack.declared().has(id) && Stack.FUNCTION.equals(typeOf(id)) && stack.exists(id);
    }

    private String typeOf(String id) {
        return stack.declared().get(id).path("Type").asText();
    }

    private void requireExists(String id) {
        if (!stack.exists(id)) {
            throw new TemplateException("A reference to " + id + ", which its Condition leaves out of the stack");
        }
    }

    private static String service(String type) {
        String[] parts = type.split("::");
        return parts.length >= 2 ? parts[1].toLowerCase(Locale.ROOT) : "local";
    }

    private static JsonNode text(String value) {
        return JsonNodeFactory.instance.textNode(value);
    }
}
