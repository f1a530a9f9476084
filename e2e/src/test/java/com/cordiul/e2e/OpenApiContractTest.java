package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OpenApiContractTest {

    private final OpenApiContract contract = OpenApiContract.load();

    @Test
    void document_parsesAsOpenApi31_withoutMessages_andEveryRefResolves() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIV3Parser().readLocation(contract.file().toUri().toString(), null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1");
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void operations_areExactlyTheTemplatesRoutes() throws Exception {
        JsonNode template = new ObjectMapper(new YAMLFactory())
                .readTree(RepositoryRoot.find().resolve("template.yaml").toFile());
        Set<String> routes = new TreeSet<>();
        template.path("Resources").forEach(resource -> resource.path("Properties").path("Events").forEach(event -> {
            if ("Api".equals(event.path("Type").asText())) {
                routes.add(event.path("Properties").path("Method").asText().toUpperCase(Locale.ROOT) + " "
                        + event.path("Properties").path("Path").asText());
            }
        }));
        assertThat(routes).isNotEmpty();
        assertThat(contract.operations()).isEqualTo(routes);
    }

    @Test
    void everyDocumentedErrorExample_matchesTheErrorEnvelope() {
        List<String> problems = new ArrayList<>();
        contract.root().path("components").path("responses").fields().forEachRemaining(response -> {
            JsonNode example = response.getValue().at("/content/application~1json/example");
            assertThat(example.isMissingNode()).as(response.getKey() + " has an example").isFalse();
            problems.addAll(contract.check("GET", "/api/calls/{id}", 404, example.toString()).stream()
                    .map(p -> response.getKey() + ": " + p).toList());
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void aResponseMissingARequiredField_isReported() {
        String body = "{\"success\":true,\"data\":{\"id\":\"call_1\",\"status\":\"queued\"},\"error\":null}";
        assertThat(contract.check("GET", "/api/calls/{id}", 200, body)).isNotEmpty();
    }

    @Test
    void anUnknownStatusValue_isReported() {
        String body = "{\"success\":true,\"data\":{\"id\":\"call_1\",\"status\":\"exploded\",\"contact_id\":\"c\","
                + "\"phone_number\":\"+12025550100\",\"from_number\":\"+12025550199\","
                + "\"created_at\":\"2024-01-09T20:00:00.000Z\"},\"error\":null}";
        assertThat(contract.check("GET", "/api/calls/{id}", 200, body)).isNotEmpty();
    }
}
