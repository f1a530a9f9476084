package com.cordiul.local.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.provisioning.CustomResourceRequest;
import com.cordiul.stack.CustomResource;
import com.cordiul.stack.Stack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code events/sip-media-application-{create,update,delete}.json} (the requests {@code sam local invoke} is given)
 * have the shape of what the local stack sends the provider for the repository's template: the same fields, the
 * same properties, every property a string, and both read alike by the provider's own parser.
 */
class SampleEventsTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A JSON value's shape: an object's keys (each with its value's shape), an array's items, a scalar's type. */
    private static Object shape(JsonNode value) {
        if (value.isObject()) {
            TreeMap<String, Object> fields = new TreeMap<>();
            value.properties().forEach(p -> fields.put(p.getKey(), shape(p.getValue())));
            return fields;
        }
        if (value.isArray()) {
            return value.isEmpty() ? "[]" : List.of(shape(value.get(0)), value.size());
        }
        return value.getNodeType().toString();
    }

    private static JsonNode local(String requestType) throws Exception {
        CustomResource sma = Stack.read(ROOT.resolve("template.yaml")).customResource("CordiulSipMediaApplication");
        ObjectNode properties = ProviderRequest.resourceProperties(sma);
        ObjectNode old = properties.deepCopy().put("Name", "cordiul-local-calls-old");
        ProviderRequest request = new ProviderRequest(requestType, "4f2b8e1c-6a3d-4c5e-9f70-1a2b3c4d5e6f",
                sma.logicalId(), sma.type(), sma.serviceToken(), URI.create("http://127.0.0.1:1/response?sig=0"),
                ProviderRequest.CREATE.equals(requestType) ? null : "0f8e7d6c-5b4a-4938-a271-605f4e3d2c1b",
                properties, ProviderRequest.UPDATE.equals(requestType) ? old : null);
        return JSON.readTree(request.toJson());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Create", "Update", "Delete"})
    void theSampleEvent_hasTheShapeOfWhatTheLocalStackSends(String requestType) throws Exception {
        Path file = ROOT.resolve("events/sip-media-application-" + requestType.toLowerCase() + ".json");
        JsonNode sample = JSON.readTree(file.toFile());
        JsonNode local = local(requestType);

        assertThat(new TreeSet<>(names(sample))).isEqualTo(new TreeSet<>(names(local)));
        assertThat(shape(sample)).isEqualTo(shape(local));
        for (String same : new String[] {"RequestType", "ResourceType", "LogicalResourceId"}) {
            assertThat(sample.path(same)).as(same).isEqualTo(local.path(same));
        }
        assertThat(sample.path("ServiceToken")).isEqualTo(sample.path("ResourceProperties").path("ServiceToken"));
        assertThat(local.path("ServiceToken")).isEqualTo(local.path("ResourceProperties").path("ServiceToken"));
        assertThat(sample.path("ResourceProperties").path("ServiceTimeout"))
                .isEqualTo(local.path("ResourceProperties").path("ServiceTimeout"));

        CustomResourceRequest parsedSample = CustomResourceRequest.parse(Files.readAllBytes(file));
        CustomResourceRequest parsedLocal = CustomResourceRequest.parse(JSON.writeValueAsBytes(local));
        assertThat(parsedSample.type()).isEqualTo(parsedLocal.type()).isNotNull();
        assertThat(parsedSample.properties().keySet()).isEqualTo(parsedLocal.properties().keySet());
        assertThat(parsedSample.oldProperties().keySet()).isEqualTo(parsedLocal.oldProperties().keySet());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
