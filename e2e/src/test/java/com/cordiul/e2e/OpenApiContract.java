package com.cordiul.e2e;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * openapi.yaml as a test oracle: the operations it declares, and a check of a real response against the schema it
 * documents for that operation and status (networknt's JSON Schema 2020-12 validator, OpenAPI 3.1's dialect).
 */
public final class OpenApiContract {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final JsonNode root;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** The repository's openapi.yaml. */
    public static OpenApiContract load() {
        Path file = RepositoryRoot.find().resolve("openapi.yaml");
        try {
            return new OpenApiContract(file, YAML.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The document as a linter with its default settings reads it when it checks examples: Redocly's
     * {@code no-invalid-media-type-examples} (default {@code allowAdditionalProperties: false}) treats every schema
     * that lists {@code properties} and says nothing of other properties as closed to them, each {@code allOf}
     * branch on its own. An example that validates only because a schema is open fails there.
     */
    public OpenApiContract asLintersRead() {
        ObjectNode closed = root.deepCopy();
        close(closed);
        return new OpenApiContract(file, closed);
    }

    private static void close(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.path("properties").isObject() && !object.has("additionalProperties")
                    && !object.has("unevaluatedProperties")) {
                object.put("additionalProperties", false);
            }
            object.fields().forEachRemaining(field -> {
                // Example values are data, not schemas.
                if (!field.getKey().equals("example") && !field.getKey().equals("examples")) {
                    close(field.getValue());
                }
            });
        } else if (node.isArray()) {
            node.forEach(OpenApiContract::close);
        }
    }

    /** One example of the document and the schema it illustrates, both as JSON pointers. */
    public record Example(String pointer, String schemaPointer, JsonNode value) {
    }

    /**
     * Every example in the document: of a media type (request bodies, responses) or a parameter, against its
     * {@code schema}, and of a schema itself ({@code example}, or each item of {@code examples}).
     */
    public List<Example> examples() {
        List<Example> found = new ArrayList<>();
        collectExamples("", root, found);
        return found;
    }

    private void collectExamples(String pointer, JsonNode node, List<Example> found) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectExamples(pointer + "/" + i, node.get(i), found);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        // A media type or a parameter has a schema beside its examples; a schema has its examples inside.
        String schema = node.has("schema") ? pointer + "/schema" : pointer;
        if (node.has("example")) {
            found.add(new Example(pointer + "/example", schema, node.get("example")));
        }
        JsonNode examples = node.path("examples");
        if (examples.isObject() && node.has("schema")) {
            examples.fields().forEachRemaining(e -> found.add(new Example(pointer + "/examples/" + escape(e.getKey())
                    + "/value", schema, resolved(e.getValue()).path("value"))));
        } else if (examples.isArray()) {
            for (int i = 0; i < examples.size(); i++) {
                found.add(new Example(pointer + "/examples/" + i, schema, examples.get(i)));
            }
        }
        node.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("example") && !field.getKey().equals("examples")) {
                collectExamples(pointer + "/" + escape(field.getKey()), field.getValue(), found);
            }
        });
    }

    private JsonNode resolved(JsonNode node) {
        return node.has("$ref") ? root.at(node.get("$ref").asText().substring(1)) : node;
    }

    /** The validation errors of an example against the schema it illustrates. */
    public List<String> check(Example example) {
        JsonSchema schema = schemas.computeIfAbsent(example.schemaPointer(), this::compile);
        return schema.validate(example.value()).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /**
     * The validation errors of a parameter's value against the schema the operation documents for it; fails if
     * the operation has no such parameter.
     */
    public List<String> checkParameter(String method, String pathTemplate, String name, JsonNode value) {
        String operation = "/paths/" + escape(pathTemplate) + "/" + method.toLowerCase(Locale.ROOT);
        JsonNode parameters = root.at(operation + "/parameters");
        for (int i = 0; i < parameters.size(); i++) {
            String pointer = operation + "/parameters/" + i;
            if (parameters.get(i).has("$ref")) {
                pointer = parameters.get(i).get("$ref").asText().substring(1);
            }
            if (root.at(pointer).path("name").asText().equals(name)) {
                return check(new Example(pointer + "/schema", pointer + "/schema", value));
            }
        }
        throw new AssertionError("openapi.yaml documents no parameter " + name + " for " + method + " "
                + pathTemplate);
    }

    /** Where the document is. */
    public Path file() {
        return file;
    }

    /** The parsed document. */
    public JsonNode root() {
        return root;
    }

    /** "METHOD /path" for every operation, e.g. {@code GET /api/calls/{id}}. */
    public Set<String> operations() {
        Set<String> ops = new TreeSet<>();
        root.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(m -> {
            if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(m)) {
                ops.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return ops;
    }

    /** The validation errors of a response body against the documented schema; fails if none is documented. */
    public List<String> check(String method, String pathTemplate, int status, String body) {
        return validate(responseSchemaPointer(method, pathTemplate, status), body);
    }

    /**
     * The validation errors of API Gateway's answer to a request that matches no operation, against what
     * {@code x-unmatched-requests} documents for its status; fails if that status is not documented.
     */
    public List<String> checkUnmatched(int status, String body) {
        String pointer = "/x-unmatched-requests/responses/" + status;
        if (root.at(pointer).isMissingNode()) {
            throw new AssertionError("openapi.yaml documents no " + status + " answer to an unmatched request");
        }
        return validate(schemaPointer(pointer), body);
    }

    /** The validation errors of a body against the schema of {@code #/components/responses/<name>}. */
    public List<String> checkComponentResponse(String name, String body) {
        return validate(schemaPointer("/components/responses/" + escape(name)), body);
    }

    /**
     * The route template an API Gateway would route a request to, matched as it walks its resource tree (a literal
     * segment wins over a parameter, the resource is chosen before the method), or empty when the request matches
     * no operation.
     *
     * @param rawPath the request path, still percent-encoded, e.g. {@code /api/calls/call_01J...}
     */
    public Optional<String> route(String method, String rawPath) {
        String[] segments = segments(rawPath);
        String best = null;
        int[] bestRank = null;
        for (String template : (Iterable<String>) root.path("paths")::fieldNames) {
            int[] rank = rank(segments(template), segments);
            if (rank != null && (bestRank == null || Arrays.compare(rank, bestRank) < 0)) {
                best = template;
                bestRank = rank;
            }
        }
        if (best == null || !root.path("paths").path(best).has(method.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    private List<String> validate(String schemaPointer, String body) {
        JsonSchema schema = schemas.computeIfAbsent(schemaPointer, this::compile);
        try {
            Set<ValidationMessage> messages = schema.validate(JSON.readTree(body));
            return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
        } catch (IOException e) {
            return List.of("body is not JSON: " + e.getMessage());
        }
    }

    /** The JSON pointer of the schema documented for a response. */
    String responseSchemaPointer(String method, String pathTemplate, int status) {
        String operation = "/paths/" + escape(pathTemplate) + "/" + method.toLowerCase(Locale.ROOT);
        JsonNode response = root.at(operation + "/responses/" + status);
        if (response.isMissingNode()) {
            throw new AssertionError("openapi.yaml documents no " + status + " response for " + method + " "
                    + pathTemplate);
        }
        return schemaPointer(operation + "/responses/" + status);
    }

    private String schemaPointer(String responsePointer) {
        String pointer = responsePointer;
        JsonNode response = root.at(pointer);
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
        }
        String schema = pointer + "/content/application~1json/schema";
        if (root.at(schema).isMissingNode()) {
            throw new AssertionError("no application/json schema at " + schema);
        }
        return schema;
    }

    /** One rank per segment (0 literal, 1 parameter; lower is better), or null when the template does not match. */
    private static int[] rank(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        int[] rank = new int[template.length];
        for (int i = 0; i < template.length; i++) {
            if (template[i].startsWith("{") && template[i].endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                rank[i] = 1;
            } else if (!template[i].equals(decode(path[i]))) {
                return null;
            }
        }
        return rank;
    }

    private static String[] segments(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return "/".equals(p) || p.isEmpty() ? new String[0] : p.substring(1).split("/", -1);
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    private JsonSchema compile(String pointer) {
        ObjectNode document = root.deepCopy();
        // The document itself becomes the schema: a root $ref to the response schema, and every
        // #/components/schemas/... reference resolves inside the same document.
        Iterator<String> names = document.fieldNames();
        List<String> drop = new ArrayList<>();
        names.forEachRemaining(n -> {
            if (!n.equals("components")) {
                drop.add(n);
            }
        });
        drop.forEach(document::remove);
        document.set("paths", root.path("paths"));
        document.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        document.put("$ref", "#" + pointer);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        return factory.getSchema(document);
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }
}
