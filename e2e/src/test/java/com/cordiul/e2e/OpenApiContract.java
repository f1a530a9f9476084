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
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
                ops.add(m.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
        return ops;
    }

    /** The validation errors of a response body against the documented schema; fails if none is documented. */
    public List<String> check(String method, String pathTemplate, int status, String body) {
        JsonSchema schema = schemas.computeIfAbsent(method + " " + pathTemplate + " " + status,
                k -> compile(responseSchemaPointer(method, pathTemplate, status)));
        try {
            Set<ValidationMessage> messages = schema.validate(JSON.readTree(body));
            return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
        } catch (IOException e) {
            return List.of("body is not JSON: " + e.getMessage());
        }
    }

    /** The JSON pointer of the schema documented for a response. */
    String responseSchemaPointer(String method, String pathTemplate, int status) {
        String operation = "/paths/" + escape(pathTemplate) + "/" + method.toLowerCase(java.util.Locale.ROOT);
        JsonNode response = root.at(operation + "/responses/" + status);
        if (response.isMissingNode()) {
            throw new AssertionError("openapi.yaml documents no " + status + " response for " + method + " "
                    + pathTemplate);
        }
        String responsePointer = operation + "/responses/" + status;
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asText().substring(1);
        }
        String pointer = responsePointer + "/content/application~1json/schema";
        if (root.at(pointer).isMissingNode()) {
            throw new AssertionError("no application/json schema at " + pointer);
        }
        return pointer;
    }

    private JsonSchema compile(String pointer) {
        ObjectNode document = root.deepCopy();
        // The document itself becomes the schema: a root $ref to the response schema, and every
        // #/components/schemas/... reference resolves inside the same document.
        Iterator<String> names = document.fieldNames();
        List<String> drop = new java.util.ArrayList<>();
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
