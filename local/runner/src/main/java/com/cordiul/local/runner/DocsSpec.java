package com.cordiul.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The repository's {@code openapi.yaml} as the docs page serves it: the first server is this stack's own URL, so
 * that "Try it out" calls the running local API. Read on every request, so an edited spec shows on reload.
 */
final class DocsSpec {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    DocsSpec(Path file) {
        this.file = file;
    }

    /** The spec file this serves. */
    Path file() {
        return file;
    }

    /** The spec with its first server's URL replaced by {@code origin} (one is added when none is declared). */
    ObjectNode servedAt(URI origin) throws IOException {
        JsonNode read = YAML.readTree(file.toFile());
        if (!(read instanceof ObjectNode spec)) {
            throw new IOException(file + " is not an OpenAPI document");
        }
        ArrayNode servers = spec.withArray("/servers");
        if (servers.isEmpty() || !servers.get(0).isObject()) {
            servers.insertObject(0).put("description", "This local stack");
        }
        ((ObjectNode) servers.get(0)).put("url", origin.toString());
        return spec;
    }

    /** {@link #servedAt} as JSON, for Swagger UI. */
    byte[] json(URI origin) throws IOException {
        return JSON.writeValueAsBytes(servedAt(origin));
    }

    /** {@link #servedAt} as YAML, for other tools. */
    byte[] yaml(URI origin) throws IOException {
        return YAML.writeValueAsBytes(servedAt(origin));
    }
}
