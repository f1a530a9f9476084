package com.cordiul.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Builds the typed views of {@link Stack} from resolved properties, with SAM's and AWS's defaults. */
final class Views {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Views() {
    }

    static LambdaFunction function(Stack stack, String id) {
        return function(stack, id, stack.mergedProperties(id));
    }

    static LambdaFunction function(Stack stack, String id, JsonNode raw) {
        JsonNode p = stack.resolve(raw);
        String handler = required(p, "Handler", id);
        JsonNode codeUri = p.path("CodeUri");
        if (!codeUri.isTextual()) {
            throw new TemplateException(id + " has no local CodeUri (a path to its artifact): " + codeUri);
        }
        List<Path> layers = new ArrayList<>();
        List<String> external = new ArrayList<>();
        raw.path("Layers").forEach(layer -> {
            String ref = layer.path("Ref").asText("");
            String type = stack.declared().path(ref).path("Type").asText();
            if (layer.size() == 1 && ("AWS::Serverless::LayerVersion".equals(type)) && stack.exists(ref)) {
                layers.add(path(stack, required(stack.resolve(stack.mergedProperties(ref)), "ContentUri", ref)));
            } else {
                String arn = stack.intrinsics().text(layer);
                if (arn != null) {
                    external.add(arn);
                }
            }
        });
        Map<String, String> environment = new LinkedHashMap<>();
        p.path("Environment").path("Variables").properties().forEach(v -> {
            if (!v.getValue().isNull()) {
                environment.put(v.getKey(), v.getValue().asText());
            }
        });
        List<String> architectures = new ArrayList<>();
        p.path("Architectures").forEach(a -> architectures.add(a.asText()));
        return new LambdaFunction(id, text(p, "FunctionName", id), handler, text(p, "Runtime", ""),
                path(stack, codeUri.asText()), layers, external, environment, integer(p, "MemorySize", 128, id),
                Duration.ofSeconds(integer(p, "Timeout", 3, id)), optionalInt(p.path("ReservedConcurrentExecutions"),
                "ReservedConcurrentExecutions", id), optionalText(p.path("AutoPublishAlias")),
                "PublishedVersions".equals(p.path("SnapStart").path("ApplyOn").asText()),
                architectures.isEmpty() ? List.of("x86_64") : architectures, events(stack, id, raw, p), p);
    }

    private static List<FunctionEvent> events(Stack stack, String id, JsonNode raw, JsonNode p) {
        List<FunctionEvent> events = new ArrayList<>();
        p.path("Events").properties().forEach(e -> {
            String name = e.getKey();
            JsonNode props = e.getValue().path("Properties");
            String type = e.getValue().path("Type").asText();
            String where = id + " event " + name;
            events.add(switch (type) {
                case "Api" -> new FunctionEvent.Api(name, required(props, "Method", where).toUpperCase(Locale.ROOT),
                        required(props, "Path", where), restApiId(raw.path("Events").path(name).path("Properties")
                        .path("RestApiId"), props), optionalText(props.path("Auth").path("Authorizer")));
                case "Schedule" -> new FunctionEvent.Schedule(name, required(props, "Schedule", where),
                        enabled(props), optionalText(props.path("Input")), props.path("Description").asText(""),
                        FunctionEvent.Schedule.Kind.EVENTBRIDGE_RULE, PseudoParameters.arn("events", "rule/"
                        + text(props, "Name", id + name)), props);
                case "ScheduleV2" -> new FunctionEvent.Schedule(name, required(props, "ScheduleExpression", where),
                        enabled(props), optionalText(props.path("Input")), props.path("Description").asText(""),
                        FunctionEvent.Schedule.Kind.SCHEDULER, PseudoParameters.arn("scheduler", "schedule/"
                        + text(props, "GroupName", "default") + "/" + text(props, "Name", id + name)), props);
                case "SQS" -> sqs(stack, name, props, where);
                default -> new FunctionEvent.Other(name, type, props);
            });
        });
        return events;
    }

    private static FunctionEvent.Sqs sqs(Stack stack, String name, JsonNode props, String where) {
        String queue = required(props, "Queue", where);
        boolean report = false;
        for (JsonNode type : props.path("FunctionResponseTypes")) {
            report |= "ReportBatchItemFailures".equals(type.asText());
        }
        return new FunctionEvent.Sqs(name, queue, stack.queueIdOf(queue), integer(props, "BatchSize", 10, where),
                Duration.ofSeconds(integer(props, "MaximumBatchingWindowInSeconds", 0, where)),
                optionalInt(props.path("ScalingConfig").path("MaximumConcurrency"), "MaximumConcurrency", where),
                report, props.path("Enabled").asBoolean(true), props.path("FilterCriteria"));
    }

    private static String restApiId(JsonNode raw, JsonNode resolved) {
        if (raw.isMissingNode()) {
            return Stack.IMPLICIT_API;
        }
        return raw.path("Ref").isTextual() ? raw.get("Ref").asText() : resolved.path("RestApiId").asText();
    }

    private static boolean enabled(JsonNode props) {
        if (props.has("State")) {
            return "ENABLED".equalsIgnoreCase(props.get("State").asText());
        }
        return props.path("Enabled").asBoolean(true);
    }

    static Table table(Stack stack, String id, String type) {
        JsonNode p = stack.resolve(stack.mergedProperties(id));
        String name = text(p, "TableName", id);
        if ("AWS::Serverless::SimpleTable".equals(type)) {
            String key = p.path("PrimaryKey").path("Name").asText("id");
            String keyType = switch (p.path("PrimaryKey").path("Type").asText("String")) {
                case "Number" -> "N";
                case "Binary" -> "B";
                default -> "S";
            };
            return new Table(id, name, Map.of(key, keyType), List.of(new Table.Key(key, "HASH")), List.of(),
                    List.of(), p.has("ProvisionedThroughput") ? "PROVISIONED" : "PAY_PER_REQUEST", Optional.empty(),
                    Optional.empty(), p);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        p.path("AttributeDefinitions").forEach(a -> attributes.put(a.path("AttributeName").asText(),
                a.path("AttributeType").asText()));
        JsonNode ttl = p.path("TimeToLiveSpecification");
        return new Table(id, name, attributes, keys(p.path("KeySchema")), indexes(p.path("GlobalSecondaryIndexes")),
                indexes(p.path("LocalSecondaryIndexes")), p.path("BillingMode").asText("PROVISIONED"),
                ttl.path("Enabled").asBoolean(false) ? optionalText(ttl.path("AttributeName")) : Optional.empty(),
                optionalText(p.path("StreamSpecification").path("StreamViewType")), p);
    }

    private static List<Table.Key> keys(JsonNode schema) {
        List<Table.Key> keys = new ArrayList<>();
        schema.forEach(k -> keys.add(new Table.Key(k.path("AttributeName").asText(), k.path("KeyType").asText())));
        return keys;
    }

    private static List<Table.Index> indexes(JsonNode declared) {
        List<Table.Index> indexes = new ArrayList<>();
        declared.forEach(i -> {
            List<String> nonKey = new ArrayList<>();
            i.path("Projection").path("NonKeyAttributes").forEach(n -> nonKey.add(n.asText()));
            indexes.add(new Table.Index(i.path("IndexName").asText(), keys(i.path("KeySchema")),
                    i.path("Projection").path("ProjectionType").asText("ALL"), nonKey));
        });
        return indexes;
    }

    static Queue queue(Stack stack, String id) {
        JsonNode p = stack.resolve(stack.mergedProperties(id));
        String name = attribute(stack, id, "QueueName");
        String arn = attribute(stack, id, "Arn");
        Optional<Queue.Redrive> redrive = Optional.empty();
        JsonNode policy = redrivePolicy(p.path("RedrivePolicy"), id);
        if (policy != null) {
            String target = required(policy, "deadLetterTargetArn", id + " RedrivePolicy");
            redrive = Optional.of(new Queue.Redrive(target, stack.idsOf("AWS::SQS::Queue").stream()
                    .filter(q -> !q.equals(id) && target.equals(attribute(stack, q, "Arn"))).findFirst(),
                    integer(policy, "maxReceiveCount", 0, id + " RedrivePolicy")));
        }
        String url = stack.resolve(JsonNodeFactory.instance.objectNode().put("Ref", id)).asText();
        return new Queue(id, name, url, arn, p.path("FifoQueue").asBoolean(false),
                p.path("ContentBasedDeduplication").asBoolean(false),
                Duration.ofSeconds(integer(p, "VisibilityTimeout", 30, id)),
                Duration.ofSeconds(integer(p, "DelaySeconds", 0, id)),
                Duration.ofSeconds(integer(p, "MessageRetentionPeriod", 345_600, id)),
                Duration.ofSeconds(integer(p, "ReceiveMessageWaitTimeSeconds", 0, id)),
                integer(p, "MaximumMessageSize", 262_144, id), redrive);
    }

    private static String attribute(Stack stack, String id, String attribute) {
        return stack.resolve(JsonNodeFactory.instance.objectNode().set("Fn::GetAtt",
                JsonNodeFactory.instance.arrayNode().add(id).add(attribute))).asText();
    }

    /** A RedrivePolicy is a mapping, or (as CloudFormation also accepts) a JSON string of one. */
    private static JsonNode redrivePolicy(JsonNode policy, String id) {
        if (policy.isMissingNode() || policy.isNull()) {
            return null;
        }
        if (policy.isTextual()) {
            try {
                return JSON.readTree(policy.asText());
            } catch (IOException e) {
                throw new TemplateException(id + " RedrivePolicy is not JSON: " + policy.asText(), e);
            }
        }
        return policy;
    }

    static CustomResource customResource(Stack stack, String id, String type) {
        JsonNode p = stack.resolve(stack.mergedProperties(id));
        String token = required(p, "ServiceToken", id);
        ObjectNode properties = ((ObjectNode) p).deepCopy();
        properties.remove("ServiceToken");
        return new CustomResource(id, type, token, stack.functionIdOf(token), properties);
    }

    static RestApi restApi(Stack stack, String id, JsonNode raw) {
        JsonNode p = stack.resolve(raw);
        JsonNode auth = p.path("Auth");
        Map<String, RestApi.Authorizer> authorizers = new LinkedHashMap<>();
        auth.path("Authorizers").properties().forEach(a -> authorizers.put(a.getKey(),
                authorizer(stack, id, a.getKey(), a.getValue())));
        JsonNode responses = p.path("GatewayResponses");
        return new RestApi(id, text(p, "StageName", "Prod"), optionalText(auth.path("DefaultAuthorizer")),
                authorizers, responses.isObject() ? responses : JsonNodeFactory.instance.objectNode(), p);
    }

    private static RestApi.Authorizer authorizer(Stack stack, String api, String name, JsonNode node) {
        String arn = node.path("FunctionArn").asText(null);
        String function = stack.functionIdOf(arn).orElseThrow(() -> new TemplateException("Authorizer " + name
                + " of " + api + " does not point at a function of the template (FunctionArn " + arn + ")"));
        String payload = node.path("FunctionPayloadType").asText("TOKEN");
        JsonNode identity = node.path("Identity");
        List<String> headers = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        if ("TOKEN".equals(payload)) {
            headers.add(identity.path("Header").asText("Authorization"));
        } else {
            identity.path("Headers").forEach(h -> headers.add(h.asText()));
            identity.path("QueryStrings").forEach(q -> queries.add(q.asText()));
        }
        return new RestApi.Authorizer(name, function, payload, headers, queries,
                integer(identity, "ReauthorizeEvery", 300, "Authorizer " + name));
    }

    private static Path path(Stack stack, String relative) {
        return stack.directory().resolve(relative).normalize();
    }

    private static String required(JsonNode properties, String name, String where) {
        JsonNode value = properties.path(name);
        if (!value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            throw new TemplateException(where + " has no " + name);
        }
        return value.asText();
    }

    private static String text(JsonNode properties, String name, String fallback) {
        JsonNode value = properties.path(name);
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : fallback;
    }

    private static Optional<String> optionalText(JsonNode value) {
        return value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static int integer(JsonNode properties, String name, int fallback, String where) {
        JsonNode value = properties.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.asText().trim());
        } catch (NumberFormatException e) {
            throw new TemplateException(where + " " + name + " is not a whole number: " + value);
        }
    }

    private static OptionalInt optionalInt(JsonNode value, String name, String where) {
        if (value.isMissingNode() || value.isNull()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value.asText().trim()));
        } catch (NumberFormatException e) {
            throw new TemplateException(where + " " + name + " is not a whole number: " + value);
        }
    }
}
