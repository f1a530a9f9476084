package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code template.yaml} against the official SAM JSON Schema (draft-04), found in the shared reference folder beside
 * the repository ({@code <root>/../shared/reference}; a worktree looks further up).
 */
class TemplateSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonSchema schema;
    private static JsonNode template;

    @BeforeAll
    static void load() throws IOException {
        Path file = samSchema(RepositoryRoot.find());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(JSON.readTree(file.toFile()));
        template = YAML.readTree(RepositoryRoot.find().resolve("template.yaml").toFile());
    }

    @Test
    void template_isValidPerTheSamSchema() {
        assertThat(schema.validate(template)).isEmpty();
    }

    /** The schema passes Runtime through untyped: {@link TemplateConsistencyTest} checks it instead. */
    @Test
    void functionWithANumericCodeUri_isRejected() {
        ObjectNode broken = template.deepCopy();
        ((ObjectNode) broken.path("Resources").path("AuthorizerFunction").path("Properties")).put("CodeUri", 17);
        Set<ValidationMessage> errors = schema.validate(broken);
        assertThat(errors).isNotEmpty();
        assertThat(errors).anySatisfy(e ->
                assertThat(e.getInstanceLocation().toString()).contains("AuthorizerFunction"));
    }

    @Test
    void functionWithAnUnknownProperty_isRejected() {
        ObjectNode broken = template.deepCopy();
        ((ObjectNode) broken.path("Resources").path("GetCallFunction").path("Properties")).put("Handlr", "x::y");
        Set<ValidationMessage> errors = schema.validate(broken);
        assertThat(errors).isNotEmpty();
        assertThat(errors).anySatisfy(e -> assertThat(e.getInstanceLocation().toString()).contains("GetCallFunction"));
    }

    @Test
    void functionWithAnUnknownTracingMode_isRejected() {
        ObjectNode broken = template.deepCopy();
        ((ObjectNode) broken.path("Resources").path("CreateCallFunction").path("Properties")).put("Tracing", "Always");
        assertThat(schema.validate(broken)).isNotEmpty();
    }

    @Test
    void apiEventWithoutAPath_isRejected() {
        ObjectNode broken = template.deepCopy();
        ((ObjectNode) broken.path("Resources").path("ListCallsFunction").path("Properties").path("Events")
                .path("Api").path("Properties")).remove("Path");
        assertThat(schema.validate(broken)).isNotEmpty();
    }

    /** The schema: {@code <root>/../shared/reference}, or the nearest such folder further up (worktrees). */
    static Path samSchema(Path root) {
        for (Path dir = root.getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/reference/sam.schema.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No shared/reference/sam.schema.json beside " + root + " or above it");
    }
}
