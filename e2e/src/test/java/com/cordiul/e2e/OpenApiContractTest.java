package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.identity.Permission;
import com.cordiul.keys.NewApiKey;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    void document_readsTheSame_inAStrictYaml11Parser() {
        // Older contract-testing tools parse YAML 1.1: an unquoted 'calls:read' in a flow sequence is an error to
        // them, and 'on', '1:30' or '2024-01-09' would mean a boolean, a number or a date.
        List<String> differences = StrictYaml11.differences(StrictYaml11.read(contract.file()), contract.root());
        assertThat(differences).as(StrictYaml11.summary(differences)).isEmpty();
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
    void everyExample_validatesAgainstItsSchema_asWritten_andAsALinterWithDefaultSettingsReadsIt() {
        List<OpenApiContract.Example> examples = contract.examples();
        assertThat(examples).extracting(OpenApiContract.Example::pointer)
                .anyMatch(p -> p.contains("/requestBody/content/"))
                .anyMatch(p -> p.startsWith("/components/responses/"))
                .anyMatch(p -> p.contains("/parameters/"))
                .anyMatch(p -> p.startsWith("/components/schemas/"));
        OpenApiContract linted = contract.asLintersRead();
        List<String> problems = new ArrayList<>();
        for (OpenApiContract.Example example : examples) {
            contract.check(example).forEach(p -> problems.add(example.pointer() + ": " + p));
            linted.check(example).forEach(p -> problems.add(example.pointer() + " (as a linter reads it): " + p));
        }
        assertThat(problems).isEmpty();
        contract.root().path("components").path("responses").fields().forEachRemaining(response -> assertThat(
                examples).as(response.getKey() + " has an example").anyMatch(e -> e.pointer().startsWith(
                        "/components/responses/" + response.getKey() + "/")));
    }

    @Test
    void aLintersReading_closesSchemasThatListTheirProperties() {
        String extra = "{\"success\":false,\"data\":null,\"error\":{\"code\":\"not_found\",\"message\":\"m\","
                + "\"request_id\":\"r\",\"hint\":\"h\"}}";
        assertThat(contract.check("GET", "/api/calls/{id}", 404, extra)).isEmpty();
        assertThat(contract.asLintersRead().check("GET", "/api/calls/{id}", 404, extra)).isNotEmpty();
    }

    @Test
    void everyErrorEnvelope_hasTheSameShape_exceptForItsCodes() {
        Set<JsonNode> shapes = new java.util.HashSet<>();
        contract.root().path("components").path("responses").forEach(response -> {
            JsonNode envelope = contract.root().at(
                    response.at("/content/application~1json/schema/$ref").asText("#/missing").substring(1));
            assertThat(envelope.path("properties").path("error").isObject()).as(response.toString()).isTrue();
            ObjectNode shape = envelope.deepCopy();
            shape.remove("description");
            ((ObjectNode) shape.at("/properties/error/properties/code")).remove("enum");
            shapes.add(shape);
        });
        assertThat(shapes).hasSize(1);
    }

    @Test
    void optionalRequestFields_carryNoDefault_soThatGeneratedClientsKeepThemOptional() {
        // openapi-typescript (defaultNonNullable, on by default) makes a property with a `default` required unless
        // its schema is written inline in the request body; openapi-generator goes by `required` alone. So the
        // server's defaults are said in the description, and `required` alone decides.
        List<String> problems = new ArrayList<>();
        contract.root().path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                operation -> operation.getValue().path("requestBody").path("content").fields().forEachRemaining(
                        media -> defaultsOfOptionalFields(media.getValue().path("schema"),
                                path.getKey() + " " + operation.getKey(), problems))));
        assertThat(problems).isEmpty();
    }

    private void defaultsOfOptionalFields(JsonNode schema, String at, List<String> problems) {
        JsonNode resolved = schema.has("$ref") ? contract.root().at(schema.get("$ref").asText().substring(1)) : schema;
        Set<String> required = new TreeSet<>();
        resolved.path("required").forEach(r -> required.add(r.asText()));
        resolved.path("properties").fields().forEachRemaining(property -> {
            if (!required.contains(property.getKey()) && property.getValue().has("default")) {
                problems.add(at + ": optional '" + property.getKey() + "' has a default, so generators require it");
            }
            defaultsOfOptionalFields(property.getValue(), at + "." + property.getKey(), problems);
        });
        if (resolved.has("items")) {
            defaultsOfOptionalFields(resolved.get("items"), at + "[]", problems);
        }
    }

    @Test
    void keyCreation_describesTheServersDefaultPermissions_onAnOptionalField() {
        JsonNode request = contract.root().at("/components/schemas/CreateApiKeyRequest");
        assertThat(request.path("required").toString()).doesNotContain("permissions");
        String description = request.at("/properties/permissions/description").asText();
        assertThat(NewApiKey.DEFAULT_PERMISSIONS).isNotEmpty().allSatisfy(p -> assertThat(description)
                .contains("`" + p.value() + "`"));
        assertThat(Permission.all()).filteredOn(p -> !NewApiKey.DEFAULT_PERMISSIONS.contains(p))
                .allSatisfy(p -> assertThat(description).doesNotContain(p.value()));
        assertThat(contract.examples()).as("a documented request with a name alone")
                .anyMatch(e -> e.pointer().startsWith("/paths/~1api~1api-keys/post/requestBody/")
                        && e.value().size() == 1 && e.value().has("name"));
    }

    @Test
    void everyErrorCode_hasAnExample_andEveryExampleUsesADocumentedCode() {
        Set<String> codes = new TreeSet<>();
        contract.root().path("components").path("responses").forEach(response -> contract.root().at(
                response.at("/content/application~1json/schema/$ref").asText().substring(1)
                        + "/properties/error/properties/code/enum").forEach(c -> codes.add(c.asText())));
        Set<String> exampled = new TreeSet<>();
        contract.root().path("components").path("responses").forEach(response -> examples(response)
                .forEach(example -> exampled.add(example.path("error").path("code").asText())));
        assertThat(codes).isNotEmpty();
        assertThat(exampled).isEqualTo(codes);
    }

    @Test
    void aCodeOfAnotherStatus_isReported() {
        String body = "{\"success\":false,\"data\":null,\"error\":{\"code\":\"rate_limited\",\"message\":\"m\","
                + "\"request_id\":\"r\"}}";
        assertThat(contract.check("GET", "/api/calls/{id}", 404, body)).isNotEmpty();
        assertThat(contract.check("GET", "/api/calls/{id}", 429, body)).isEmpty();
    }

    @Test
    void requests_areMatchedToTheirRoute_asApiGatewayRoutesThem() {
        assertThat(contract.route("GET", "/api/calls/list")).contains("/api/calls/list");
        assertThat(contract.route("GET", "/api/calls/call_01J")).contains("/api/calls/{id}");
        assertThat(contract.route("DELETE", "/api/api-keys/key%2F1")).contains("/api/api-keys/{id}");
        assertThat(contract.route("GET", "/api/calls/create")).isEmpty();
        assertThat(contract.route("DELETE", "/api/api-keys/")).isEmpty();
        assertThat(contract.route("GET", "/api/calls/call_01J/x")).isEmpty();
        assertThat(contract.route("GET", "/nowhere")).isEmpty();
    }

    @Test
    void anUnmatchedRequest_isCheckedAgainstTheGatewaysDocumentedAnswer() {
        String notFound = "{\"success\":false,\"data\":null,\"error\":{\"code\":\"not_found\","
                + "\"message\":\"No such route.\",\"request_id\":\"r\"}}";
        assertThat(contract.checkUnmatched(404, notFound)).isEmpty();
        assertThat(contract.checkUnmatched(404, notFound.replace("not_found", "forbidden"))).isNotEmpty();
    }

    private static List<JsonNode> examples(JsonNode response) {
        JsonNode media = response.at("/content/application~1json");
        List<JsonNode> examples = new ArrayList<>();
        if (media.has("example")) {
            examples.add(media.get("example"));
        }
        media.path("examples").forEach(e -> examples.add(e.path("value")));
        return examples;
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
