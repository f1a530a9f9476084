package com.cordiul.local.runner.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the CloudFormation registry says, from the shared reference folder ({@code shared/reference/cloudformation}):
 * every resource type of us-east-1 ({@code resource-types-us-east-1.txt}) and the provider schemas of the types the
 * stack uses ({@code schemas/AWS-<Service>-<Type>.json}).
 */
final class CloudFormationRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> types;
    private final Map<String, JsonNode> schemas;

    private CloudFormationRegistry(Set<String> types, Map<String, JsonNode> schemas) {
        this.types = types;
        this.schemas = schemas;
    }

    /** The registry of {@code <dir>/shared/reference/cloudformation} beside the repository or above it. */
    static CloudFormationRegistry beside(Path root) {
        for (Path dir = root.getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/reference/cloudformation");
            if (Files.isRegularFile(candidate.resolve("resource-types-us-east-1.txt"))) {
                return load(candidate);
            }
        }
        throw new IllegalStateException("No shared/reference/cloudformation beside " + root + " or above it");
    }

    static CloudFormationRegistry load(Path dir) {
        try (Stream<Path> files = Files.list(dir.resolve("schemas"))) {
            Set<String> types = new LinkedHashSet<>();
            for (String line : Files.readAllLines(dir.resolve("resource-types-us-east-1.txt"))) {
                if (!line.isBlank()) {
                    types.add(line.strip());
                }
            }
            Map<String, JsonNode> schemas = new HashMap<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode schema = JSON.readTree(file.toFile());
                schemas.put(schema.path("typeName").asText(), schema);
            }
            return new CloudFormationRegistry(types, schemas);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the registry in " + dir, e);
        }
    }

    /** Whether CloudFormation has the type in us-east-1. */
    boolean hasType(String type) {
        return types.contains(type);
    }

    /** The provider schema of the type, if the reference holds it. */
    Optional<JsonNode> schema(String type) {
        return Optional.ofNullable(schemas.get(type));
    }

    /**
     * The attributes {@code Fn::GetAtt} can read of the type: its read-only properties, nested ones joined with a
     * dot ({@code /properties/SnapStartResponse/ApplyOn} is {@code SnapStartResponse.ApplyOn}).
     */
    Set<String> attributes(String type) {
        Set<String> attributes = new LinkedHashSet<>();
        schema(type).ifPresent(s -> s.path("readOnlyProperties").forEach(p -> {
            String pointer = p.asText();
            if (pointer.startsWith("/properties/")) {
                attributes.add(pointer.substring("/properties/".length()).replace('/', '.'));
            }
        }));
        return attributes;
    }
}
