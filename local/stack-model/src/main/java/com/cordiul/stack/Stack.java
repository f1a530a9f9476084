package com.cordiul.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stack a SAM template describes, read once as SAM and CloudFormation read it, for every local reader: the
 * local runner, dynalite's tables, the bench, the queue setup and the tests.
 *
 * <p>Parameters take their overrides or defaults, checked as CloudFormation checks them; conditions decide which
 * resources exist; {@code Globals} are merged by SAM's rules; intrinsics (long or short form) resolve to local
 * values ({@link PseudoParameters}, a resource's local name or ARN); the names SAM generates
 * ({@code <Function>Alias<alias>}, {@code <Function>Role}, {@code <Api><Stage>Stage}, ...) can be referred to.
 * Views are built on each call from the parsed template, so a value known only later (a custom resource's
 * attributes, the local queue endpoint) is given with {@link #withAttributes} or {@link #withQueueUrlPrefix}.
 */
public final class Stack {

    /** The type of SAM functions. */
    public static final String FUNCTION = "AWS::Serverless::Function";
    /** SAM's name for the implicit API of {@code Api} events that name no {@code RestApiId}. */
    public static final String IMPLICIT_API = "ServerlessRestApi";

    private final Path directory;
    private final ObjectNode root;
    private final Map<String, Parameter> parameters;
    private final Map<String, JsonNode> values;
    private final Map<String, Map<String, String>> attributes;
    private final String queueUrlPrefix;
    private final Globals globals;
    private final Intrinsics intrinsics;
    private final LocalValues local;

    private Stack(Path directory, ObjectNode root, Map<String, Parameter> parameters, Map<String, JsonNode> values,
                  Map<String, Map<String, String>> attributes, String queueUrlPrefix) {
        this.directory = directory;
        this.root = root;
        this.parameters = parameters;
        this.values = values;
        this.attributes = attributes;
        this.queueUrlPrefix = queueUrlPrefix;
        this.globals = new Globals(root.get("Globals"));
        this.local = new LocalValues(this);
        this.intrinsics = new Intrinsics(values, root.path("Conditions"), root.path("Mappings"), local);
    }

    /** Reads a template with every parameter at its default. */
    public static Stack read(Path template) {
        return read(template, Map.of());
    }

    /**
     * Reads a template; {@code overrides} replace parameter defaults, as {@code sam deploy --parameter-overrides}
     * does. An override of an undeclared parameter, a parameter left without a value and a value CloudFormation
     * would refuse are a {@link ParameterException}.
     */
    public static Stack read(Path template, Map<String, String> overrides) {
        ObjectNode root = TemplateYaml.read(template);
        if (!root.path("Resources").isObject() || root.path("Resources").isEmpty()) {
            throw new TemplateException(template + " declares no Resources");
        }
        Map<String, Parameter> declared = new LinkedHashMap<>();
        root.path("Parameters").properties().forEach(p -> declared.put(p.getKey(), Parameter.of(p.getKey(),
                p.getValue())));
        overrides.keySet().forEach(name -> {
            if (!declared.containsKey(name)) {
                throw new ParameterException("The template has no parameter named " + name + "; known: "
                        + new TreeSet<>(declared.keySet()));
            }
        });
        Map<String, JsonNode> values = new LinkedHashMap<>();
        declared.values().forEach(p -> {
            String value = overrides.containsKey(p.name()) ? overrides.get(p.name()) : p.defaultValue().orElseThrow(
                    () -> new ParameterException("Parameter " + p.name() + " has no default: give it a value"));
            values.put(p.name(), valueNode(p, p.check(value)));
        });
        return new Stack(template.toAbsolutePath().getParent(), root, Collections.unmodifiableMap(declared),
                Collections.unmodifiableMap(values), Map.of(), LocalValues.AWS_QUEUE_URL_PREFIX);
    }

    private static JsonNode valueNode(Parameter parameter, String value) {
        if (!parameter.isList()) {
            return JsonNodeFactory.instance.textNode(value);
        }
        var list = JsonNodeFactory.instance.arrayNode();
        if (!value.isEmpty()) {
            for (String item : value.split(",", -1)) {
                list.add(item.trim());
            }
        }
        return list;
    }

    /**
     * This stack, with the attributes a custom resource's function answered (its {@code Data}) and, under the key
     * {@code ""}, its physical id: {@code Fn::GetAtt} and {@code Ref} of that resource then give them.
     */
    public Stack withAttributes(String logicalId, Map<String, String> answered) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>(attributes);
        all.put(logicalId, Map.copyOf(answered));
        return new Stack(directory, root, parameters, values, Map.copyOf(all), queueUrlPrefix);
    }

    /**
     * This stack, with its queues' URLs under that prefix (a local SQS endpoint, e.g.
     * {@code http://127.0.0.1:9324/000000000000/}) instead of SQS's in the local region and account.
     */
    public Stack withQueueUrlPrefix(String prefix) {
        return new Stack(directory, root, parameters, values, attributes, prefix.endsWith("/") ? prefix
                : prefix + "/");
    }

    /** The folder of the template: {@code CodeUri} and {@code ContentUri} are relative to it. */
    public Path directory() {
        return directory;
    }

    /** The declared parameters, in template order. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** The value of a parameter as CloudFormation passes it on (a list parameter: its items joined by commas). */
    public String parameterValue(String name) {
        JsonNode value = values.get(name);
        if (value == null) {
            throw new ParameterException("The template has no parameter named " + name);
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.asText()));
            return String.join(",", items);
        }
        return value.asText();
    }

    /** Whether the template declares that parameter. */
    public boolean hasParameter(String name) {
        return parameters.containsKey(name);
    }

    /** Evaluates one of the template's {@code Conditions}. */
    public boolean condition(String name) {
        return intrinsics.condition(name);
    }

    /** Whether a declared resource exists in this stack: it is declared and its {@code Condition} holds. */
    public boolean exists(String logicalId) {
        JsonNode resource = declared().path(logicalId);
        if (!resource.isObject()) {
            return false;
        }
        JsonNode condition = resource.path("Condition");
        return condition.isMissingNode() || intrinsics.condition(condition.asText());
    }

    /** The logical ids of the existing resources of a type, in template order. */
    public List<String> idsOf(String type) {
        List<String> ids = new ArrayList<>();
        declared().properties().forEach(r -> {
            if (type.equals(r.getValue().path("Type").asText()) && exists(r.getKey())) {
                ids.add(r.getKey());
            }
        });
        return ids;
    }

    /** Every existing resource, properties resolved, in template order (SAM's generated ones are not listed). */
    public List<Resource> resources() {
        List<Resource> all = new ArrayList<>();
        declared().fieldNames().forEachRemaining(id -> resource(id).ifPresent(all::add));
        return all;
    }

    /** One existing resource, properties resolved. */
    public Optional<Resource> resource(String logicalId) {
        if (!exists(logicalId)) {
            return Optional.empty();
        }
        JsonNode resource = declared().get(logicalId);
        String type = resource.path("Type").asText();
        JsonNode condition = resource.path("Condition");
        return Optional.of(new Resource(logicalId, type, condition.isMissingNode() ? Optional.empty()
                : Optional.of(condition.asText()), intrinsics.resolve(mergedProperties(logicalId))));
    }

    /** The {@code AWS::Serverless::Function}s, in template order. */
    public List<LambdaFunction> functions() {
        return idsOf(FUNCTION).stream().map(this::function).toList();
    }

    /** One function; a {@link TemplateException} when there is none of that id. */
    public LambdaFunction function(String logicalId) {
        return Views.function(this, requireType(logicalId, FUNCTION));
    }

    /**
     * A function the template declares, also one its {@code Condition} leaves out of the stack: CloudFormation
     * still invokes the provider of a custom resource that leaves the stack for its {@code Delete}, before it
     * removes the provider itself. A {@link TemplateException} when the template declares no such function, or
     * when its properties refer to what the stack no longer has.
     */
    public LambdaFunction declaredFunction(String logicalId) {
        if (!FUNCTION.equals(declared().path(logicalId).path("Type").asText())) {
            throw new TemplateException("The template declares no " + FUNCTION + " named " + logicalId);
        }
        return Views.function(this, logicalId);
    }

    /**
     * A function that is not in the template, deployed as the template's are: {@code Globals.Function} under the
     * given handler and artifact (the bench's baselines).
     */
    public LambdaFunction withGlobals(String name, String handler, Path codeUri) {
        ObjectNode own = JsonNodeFactory.instance.objectNode().put("Handler", handler)
                .put("CodeUri", codeUri.toAbsolutePath().toString());
        return Views.function(this, name, globals.apply(FUNCTION, own));
    }

    /** The DynamoDB tables ({@code AWS::DynamoDB::Table} and {@code AWS::Serverless::SimpleTable}). */
    public List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        declared().fieldNames().forEachRemaining(id -> {
            String type = declared().get(id).path("Type").asText();
            if (("AWS::DynamoDB::Table".equals(type) || "AWS::Serverless::SimpleTable".equals(type)) && exists(id)) {
                tables.add(Views.table(this, id, type));
            }
        });
        return tables;
    }

    /** The SQS queues. */
    public List<Queue> queues() {
        return idsOf("AWS::SQS::Queue").stream().map(id -> Views.queue(this, id)).toList();
    }

    /** One queue; a {@link TemplateException} when there is none of that id. */
    public Queue queue(String logicalId) {
        return Views.queue(this, requireType(logicalId, "AWS::SQS::Queue"));
    }

    /** The custom resources ({@code Custom::*} and {@code AWS::CloudFormation::CustomResource}). */
    public List<CustomResource> customResources() {
        List<CustomResource> custom = new ArrayList<>();
        declared().fieldNames().forEachRemaining(id -> {
            String type = declared().get(id).path("Type").asText();
            if (LocalValues.isCustom(type) && exists(id)) {
                custom.add(Views.customResource(this, id, type));
            }
        });
        return custom;
    }

    /**
     * One custom resource, resolved with the attributes supplied so far ({@link #withAttributes}); a
     * {@link TemplateException} when the stack has no custom resource of that id.
     */
    public CustomResource customResource(String logicalId) {
        String type = declared().path(logicalId).path("Type").asText();
        if (!LocalValues.isCustom(type) || !exists(logicalId)) {
            throw new TemplateException("The stack has no custom resource named " + logicalId);
        }
        return Views.customResource(this, logicalId, type);
    }

    /**
     * The existing resources of the template that one resource waits for, as CloudFormation orders its
     * operations: its {@code DependsOn}, and every resource its properties refer to ({@code Ref},
     * {@code Fn::GetAtt}, {@code Fn::Sub}; only the {@code Fn::If} branches the conditions choose), a name SAM
     * generates counting as the resource it is generated from.
     */
    public Set<String> dependencies(String logicalId) {
        if (!exists(logicalId)) {
            throw new TemplateException("The stack has no resource named " + logicalId);
        }
        return Dependencies.of(this, logicalId);
    }

    /** A REST API: an {@code AWS::Serverless::Api}, or {@link #IMPLICIT_API}. */
    public RestApi restApi(String logicalId) {
        if (IMPLICIT_API.equals(logicalId) && !exists(logicalId)) {
            return Views.restApi(this, logicalId, globals.apply("AWS::Serverless::Api", null));
        }
        requireType(logicalId, "AWS::Serverless::Api");
        return Views.restApi(this, logicalId, mergedProperties(logicalId));
    }

    /** The template's {@code Outputs}, resolved to text (an output whose condition is false is left out). */
    public Map<String, String> outputs() {
        Map<String, String> outputs = new LinkedHashMap<>();
        root.path("Outputs").properties().forEach(o -> {
            JsonNode condition = o.getValue().path("Condition");
            if (condition.isMissingNode() || intrinsics.condition(condition.asText())) {
                outputs.put(o.getKey(), intrinsics.text(o.getValue().path("Value")));
            }
        });
        return outputs;
    }

    /** Resolves any template expression (for a reader that holds a part of the template of its own). */
    public JsonNode resolve(JsonNode expression) {
        return intrinsics.resolve(expression);
    }

    /**
     * The logical id of the template's function that an ARN, a name or a reference names: a function's ARN or
     * name, an alias's or a version's ARN ({@code ...:function:Name:live}), or {@code <Function>Alias<alias>}.
     */
    public Optional<String> functionIdOf(String arnOrName) {
        return local.functionIdOf(arnOrName);
    }

    /** The logical id of the template's queue with that ARN or URL. */
    public Optional<String> queueIdOf(String arnOrUrl) {
        return queues().stream().filter(q -> q.arn().equals(arnOrUrl) || q.url().equals(arnOrUrl))
                .map(Queue::logicalId).findFirst();
    }

    /** The resources SAM generates from this template, which a template may refer to: logical id to type. */
    public Map<String, String> generatedResources() {
        return local.generated();
    }

    ObjectNode declared() {
        return (ObjectNode) root.get("Resources");
    }

    ObjectNode root() {
        return root;
    }

    Intrinsics intrinsics() {
        return intrinsics;
    }

    Globals globals() {
        return globals;
    }

    Map<String, Map<String, String>> suppliedAttributes() {
        return attributes;
    }

    String queueUrlPrefix() {
        return queueUrlPrefix;
    }

    /** A resource's raw properties, its type's Globals merged in. */
    JsonNode mergedProperties(String logicalId) {
        JsonNode resource = declared().get(logicalId);
        return globals.apply(resource.path("Type").asText(), resource.get("Properties"));
    }

    private String requireType(String logicalId, String type) {
        if (!exists(logicalId) || !type.equals(declared().get(logicalId).path("Type").asText())) {
            throw new TemplateException("The template has no " + type + " named " + logicalId
                    + (declared().has(logicalId) && !exists(logicalId) ? " (its Condition is false)" : ""));
        }
        return logicalId;
    }
}
