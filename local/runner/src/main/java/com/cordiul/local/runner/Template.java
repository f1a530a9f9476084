package com.cordiul.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The parts of a SAM template the local runner serves: parameters, functions (with {@code Globals.Function} merged
 * in), their {@code Api} events, and the REST APIs' authorizers and gateway responses. Intrinsics must be written
 * in their long form ({@code Ref:}, {@code Fn::GetAtt:}, {@code Fn::Sub:}); the short {@code !Ref} tags are lost
 * by plain YAML readers.
 */
final class Template {

    /** The region the local stack pretends to run in. */
    static final String REGION = "us-east-1";
    /** SAM's name for the implicit API of events that give no RestApiId. */
    static final String IMPLICIT_API = "ServerlessRestApi";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String FUNCTION = "AWS::Serverless::Function";

    private final Path directory;
    private final JsonNode root;
    private final JsonNode resources;
    private final Intrinsics intrinsics;

    private Template(Path directory, JsonNode root, Map<String, String> parameters) {
        this.directory = directory;
        this.root = root;
        this.resources = root.path("Resources");
        this.intrinsics = new Intrinsics(parameters, resources, REGION);
    }

    /** Reads a template; {@code overrides} replace parameter defaults, as {@code --parameter-overrides} does. */
    static Template read(Path file, Map<String, String> overrides) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        root.path("Parameters").properties().forEach(p -> {
            JsonNode fallback = p.getValue().path("Default");
            parameters.put(p.getKey(), fallback.isMissingNode() ? null : fallback.asText());
        });
        overrides.forEach((name, value) -> {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("The template has no parameter named " + name
                        + "; known: " + new TreeSet<>(parameters.keySet()));
            }
            parameters.put(name, value);
        });
        parameters.forEach((name, value) -> {
            if (value == null) {
                throw new IllegalArgumentException("Parameter " + name + " has no default: give it a value");
            }
        });
        return new Template(file.toAbsolutePath().getParent(), root, parameters);
    }

    /** The resolver of this template's intrinsics. */
    Intrinsics intrinsics() {
        return intrinsics;
    }

    /** Logical ids of every {@code AWS::Serverless::Function}, in template order. */
    List<String> functionIds() {
        List<String> ids = new ArrayList<>();
        resources.properties().forEach(r -> {
            if (FUNCTION.equals(r.getValue().path("Type").asText())) {
                ids.add(r.getKey());
            }
        });
        return ids;
    }

    /** One function, Globals merged in and intrinsics resolved. */
    FunctionSpec function(String logicalId) {
        JsonNode resource = resources.path(logicalId);
        if (!FUNCTION.equals(resource.path("Type").asText())) {
            throw new IllegalArgumentException("No AWS::Serverless::Function named " + logicalId);
        }
        JsonNode properties = merged(resource.path("Properties"));
        String handler = required(properties, "Handler", logicalId);
        Path codeUri = directory.resolve(required(properties, "CodeUri", logicalId)).normalize();
        List<Path> layers = new ArrayList<>();
        properties.path("Layers").forEach(layer -> layers.add(layerContent(layer, logicalId)));
        Duration timeout = Duration.ofSeconds(Long.parseLong(
                properties.has("Timeout") ? intrinsics.resolve(properties.get("Timeout")) : "3"));
        int memory = Integer.parseInt(
                properties.has("MemorySize") ? intrinsics.resolve(properties.get("MemorySize")) : "128");
        Map<String, String> environment = new LinkedHashMap<>();
        properties.path("Environment").path("Variables").properties().forEach(v -> {
            String value = intrinsics.resolve(v.getValue());
            if (value != null) {
                environment.put(v.getKey(), value);
            }
        });
        return new FunctionSpec(logicalId, handler, codeUri, layers, timeout, memory, environment);
    }

    /** Every {@code Type: Api} event of every function. */
    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (String id : functionIds()) {
            resources.path(id).path("Properties").path("Events").forEach(event -> {
                if ("Api".equals(event.path("Type").asText())) {
                    JsonNode p = event.path("Properties");
                    JsonNode api = p.path("RestApiId");
                    String apiId = api.isMissingNode() ? IMPLICIT_API : intrinsics.resolve(api);
                    JsonNode auth = p.path("Auth").path("Authorizer");
                    routes.add(new Route(p.path("Method").asText(), p.path("Path").asText(), id, apiId,
                            auth.isMissingNode() ? null : auth.asText()));
                }
            });
        }
        return routes;
    }

    /** The REST API of that logical id, or SAM's implicit one (no authorizer, no gateway responses). */
    ApiSpec api(String logicalId) {
        JsonNode properties = resources.path(logicalId).path("Properties");
        JsonNode globals = root.path("Globals").path("Api");
        String stage = properties.has("StageName") ? intrinsics.resolve(properties.get("StageName"))
                : globals.has("StageName") ? intrinsics.resolve(globals.get("StageName")) : "Prod";
        JsonNode auth = properties.path("Auth");
        Map<String, AuthorizerSpec> authorizers = new LinkedHashMap<>();
        auth.path("Authorizers").properties().forEach(a -> authorizers.put(a.getKey(),
                authorizer(a.getKey(), a.getValue())));
        String defaultAuthorizer = auth.has("DefaultAuthorizer") ? auth.get("DefaultAuthorizer").asText() : null;
        return new ApiSpec(logicalId, stage, defaultAuthorizer, authorizers,
                new GatewayResponses(properties.path("GatewayResponses"), intrinsics));
    }

    private AuthorizerSpec authorizer(String name, JsonNode node) {
        String arn = intrinsics.resolve(node.path("FunctionArn"));
        String function = arn == null ? null : arn.substring(arn.lastIndexOf(':') + 1);
        if (function != null && intrinsics.aliasedFunction(function) != null) {
            function = intrinsics.aliasedFunction(function);
        }
        if (function == null || !FUNCTION.equals(resources.path(function).path("Type").asText())) {
            throw new IllegalArgumentException("Authorizer " + name + " does not point at a function of the "
                    + "template (FunctionArn " + node.path("FunctionArn") + ")");
        }
        String payload = node.path("FunctionPayloadType").asText("TOKEN");
        JsonNode identity = node.path("Identity");
        List<String> headers = new ArrayList<>();
        List<String> queryStrings = new ArrayList<>();
        if ("TOKEN".equals(payload)) {
            headers.add(identity.path("Header").asText("Authorization"));
        } else {
            identity.path("Headers").forEach(h -> headers.add(h.asText()));
            identity.path("QueryStrings").forEach(q -> queryStrings.add(q.asText()));
        }
        return new AuthorizerSpec(name, function, payload, headers, queryStrings);
    }

    /** Globals.Function under the function's own properties: maps merge, lists append, scalars override. */
    private JsonNode merged(JsonNode own) {
        JsonNode globals = root.path("Globals").path("Function");
        return globals.isObject() ? merge(globals, own) : own;
    }

    private static JsonNode merge(JsonNode global, JsonNode own) {
        if (own == null || own.isMissingNode()) {
            return global;
        }
        if (global.isObject() && own.isObject() && !isIntrinsic(own)) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            global.properties().forEach(e -> out.set(e.getKey(), e.getValue()));
            own.properties().forEach(e -> out.set(e.getKey(), merge(out.path(e.getKey()), e.getValue())));
            return out;
        }
        if (global.isArray() && own.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            out.addAll((ArrayNode) global);
            out.addAll((ArrayNode) own);
            return out;
        }
        return own;
    }

    private static boolean isIntrinsic(JsonNode node) {
        if (node.size() != 1) {
            return false;
        }
        String name = node.fieldNames().next();
        return "Ref".equals(name) || name.startsWith("Fn::");
    }

    private Path layerContent(JsonNode layer, String function) {
        if (layer.isObject() && layer.has("Ref")) {
            JsonNode resource = resources.path(layer.get("Ref").asText());
            if ("AWS::Serverless::LayerVersion".equals(resource.path("Type").asText())) {
                return directory.resolve(required(resource.path("Properties"), "ContentUri",
                        layer.get("Ref").asText())).normalize();
            }
        }
        throw new IllegalArgumentException("Function " + function + " uses layer " + layer
                + ", which is not an AWS::Serverless::LayerVersion of this template: it cannot be run locally");
    }

    private String required(JsonNode properties, String name, String resource) {
        String value = intrinsics.resolve(properties.path(name));
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(resource + " has no " + name);
        }
        return value;
    }
}
