package com.cordiul.bench.template;

import com.cordiul.bench.launch.FunctionPackage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code AWS::Serverless::Function}s of template.yaml as they would be deployed: handler, artifact, layers,
 * memory, timeout and environment (Globals merged with the function's own), with intrinsics resolved as the local
 * mode resolves them: a table's Ref is its logical id, a parameter's Ref its default, the SIP media application's
 * GetAtt {@code local-sma}.
 */
public final class TemplateFunctions {

    /** The SIP media application id the local mode gives functions. */
    public static final String LOCAL_SMA = "local-sma";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}]+)}");

    private final Path root;
    private final JsonNode template;

    private TemplateFunctions(Path root, JsonNode template) {
        this.root = root;
        this.template = template;
    }

    /** Reads {@code template.yaml} of the repository at {@code root}. */
    public static TemplateFunctions read(Path root) {
        try {
            return new TemplateFunctions(root, YAML.readTree(root.resolve("template.yaml").toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the template", e);
        }
    }

    /** Every function, in template order. */
    public List<FunctionPackage> functions() {
        JsonNode globals = template.path("Globals").path("Function");
        List<FunctionPackage> result = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(resource -> {
            JsonNode value = resource.getValue();
            if (!"AWS::Serverless::Function".equals(value.path("Type").asText())) {
                return;
            }
            JsonNode props = value.path("Properties");
            Map<String, String> env = new LinkedHashMap<>();
            globals.path("Environment").path("Variables").fields()
                    .forEachRemaining(v -> env.put(v.getKey(), resolve(v.getValue())));
            props.path("Environment").path("Variables").fields()
                    .forEachRemaining(v -> env.put(v.getKey(), resolve(v.getValue())));
            String codeUri = props.path("CodeUri").asText();
            result.add(new FunctionPackage(moduleName(codeUri), props.path("Handler").asText(),
                    root.resolve(codeUri), layers(props.has("Layers") ? props.path("Layers") : globals.path("Layers")),
                    env, intOf(props, globals, "MemorySize", 128), intOf(props, globals, "Timeout", 3)));
        });
        return result;
    }

    /**
     * A package deployed the way the template's functions are (Globals' memory, timeout, environment), for code
     * that is not in the template: the bench's baselines.
     */
    public FunctionPackage withGlobals(String name, String handler, Path code, List<Path> layers,
                                       Map<String, String> extraEnvironment) {
        JsonNode globals = template.path("Globals").path("Function");
        Map<String, String> env = new LinkedHashMap<>();
        globals.path("Environment").path("Variables").fields()
                .forEachRemaining(v -> env.put(v.getKey(), resolve(v.getValue())));
        env.putAll(extraEnvironment);
        return new FunctionPackage(name, handler, code, layers, env, globals.path("MemorySize").asInt(128),
                globals.path("Timeout").asInt(3));
    }

    /** The resolved value of a template expression. */
    String resolve(JsonNode node) {
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.has("Ref")) {
            return ref(node.path("Ref").asText());
        }
        if (node.has("Fn::GetAtt")) {
            String target = node.path("Fn::GetAtt").path(0).asText();
            String type = template.path("Resources").path(target).path("Type").asText();
            if ("Custom::SipMediaApplication".equals(type)
                    && "SipMediaApplicationId".equals(node.path("Fn::GetAtt").path(1).asText())) {
                return LOCAL_SMA;
            }
            throw new IllegalArgumentException("No local value for Fn::GetAtt of " + target);
        }
        if (node.has("Fn::Sub") && node.path("Fn::Sub").isTextual()) {
            Matcher m = SUB.matcher(node.path("Fn::Sub").asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(ref(m.group(1))));
            }
            m.appendTail(out);
            return out.toString();
        }
        throw new IllegalArgumentException("Unsupported intrinsic in an environment variable: " + node);
    }

    private String ref(String name) {
        switch (name) {
            case "AWS::Region":
                return "us-east-1";
            case "AWS::AccountId":
                return "123456789012";
            case "AWS::StackName":
                return "cordiul";
            default:
                break;
        }
        JsonNode parameter = template.path("Parameters").path(name);
        if (!parameter.isMissingNode()) {
            return parameter.path("Default").asText("");
        }
        JsonNode resource = template.path("Resources").path(name);
        if ("AWS::DynamoDB::Table".equals(resource.path("Type").asText())) {
            return name;
        }
        throw new IllegalArgumentException("No local value for Ref " + name);
    }

    private List<Path> layers(JsonNode refs) {
        List<Path> layers = new ArrayList<>();
        for (JsonNode ref : refs) {
            String id = ref.path("Ref").asText();
            JsonNode layer = template.path("Resources").path(id);
            if (!"AWS::Serverless::LayerVersion".equals(layer.path("Type").asText())) {
                throw new IllegalArgumentException("Layer " + ref + " is not a layer of this template");
            }
            layers.add(root.resolve(layer.path("Properties").path("ContentUri").asText()));
        }
        return layers;
    }

    private static int intOf(JsonNode props, JsonNode globals, String field, int fallback) {
        return props.has(field) ? props.path(field).asInt() : globals.path(field).asInt(fallback);
    }

    /** {@code functions/authorizer/target/authorizer.jar} is the function {@code authorizer}. */
    static String moduleName(String codeUri) {
        String file = Path.of(codeUri).getFileName().toString();
        return file.endsWith(".jar") ? file.substring(0, file.length() - 4) : file;
    }
}
