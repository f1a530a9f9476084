package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.local.cloudformation.CustomResourceFailedException;
import com.cordiul.local.cloudformation.CustomResourceProvisioner.Action;
import com.cordiul.local.cloudformation.CustomResourceProvisioner.Outcome;
import com.cordiul.local.cloudformation.NoAnswerException;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.stack.PseudoParameters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalStack#startProvisioned}: the custom resources of a small template provisioned through its own provider
 * function (testfn {@code CustomResourceHandler}, which journals every event it gets and answers on the
 * ResponseURL), as CloudFormation provisions them, then again on restarts with the same state folder.
 */
class CustomResourceProvisioningTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path deployment;
    private static Path template;
    private static Dynalite dynalite;

    @TempDir
    Path state;
    private Path journal;

    @BeforeAll
    static void deploy() throws IOException {
        template = TestDeployment.create(deployment, "/provisioning-template.yaml");
        dynalite = Dynalite.startInMemory();
    }

    @AfterAll
    static void stop() {
        dynalite.close();
    }

    @BeforeEach
    void journal() {
        journal = state.resolve("journal.jsonl");
    }

    private LocalStack start(Map<String, String> parameters) {
        LocalOptions options = LocalOptions.defaults(template).withDynamoEndpoint(dynalite.endpoint())
                .withWorkDir(deployment.resolve("work")).withStateDir(state)
                .withParameter("Journal", journal.toString());
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            options = options.withParameter(p.getKey(), p.getValue());
        }
        return LocalStack.startProvisioned(options);
    }

    private List<JsonNode> events() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        if (Files.exists(journal)) {
            for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                events.add(JSON.readTree(line).path("event"));
            }
        }
        return events;
    }

    private static List<String> sent(List<JsonNode> events) {
        return events.stream().map(e -> e.path("RequestType").asText() + " " + e.path("LogicalResourceId").asText())
                .toList();
    }

    private static Map<String, Outcome> outcomes(LocalStack stack) {
        Map<String, Outcome> byId = new LinkedHashMap<>();
        stack.provisioned().forEach(o -> byId.put(o.logicalId() + (o.action() == Action.DELETED ? "-deleted" : ""),
                o));
        return byId;
    }

    private static JsonNode reader(LocalStack stack) throws IOException {
        return JSON.readTree(stack.invokeFunction("Reader", "{\"names\":[\"BASE_ID\",\"TOP\",\"ELSEWHERE\"]}"))
                .path("variables");
    }

    @Test
    void theFirstStart_createsEachResourceAfterWhatItWaitsFor_andTheFunctionsReadTheAnswers() throws Exception {
        try (LocalStack stack = start(Map.of())) {
            List<JsonNode> events = events();
            // Base and Extra wait for nothing (CloudFormation would make them at once); Top waits for both.
            assertThat(sent(events).subList(0, 2)).containsExactlyInAnyOrder("Create Base", "Create Extra");
            assertThat(sent(events)).hasSize(3).endsWith("Create Top");
            String base = outcomes(stack).get("Base").physicalResourceId();
            assertThat(base).startsWith("base-");
            JsonNode top = events.get(2);
            assertThat(top.path("ServiceToken").asText())
                    .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:Provider");
            assertThat(top.path("StackId").asText()).isEqualTo(PseudoParameters.STACK_ID);
            assertThat(top.path("ResourceType").asText()).isEqualTo("Custom::Thing");
            assertThat(top.path("ResponseURL").asText()).startsWith("http://127.0.0.1:").contains("X-Amz-Signature=");
            assertThat(top.has("PhysicalResourceId")).isFalse();
            JsonNode properties = top.path("ResourceProperties");
            assertThat(properties.path("ServiceToken").asText()).isEqualTo(top.path("ServiceToken").asText());
            assertThat(properties.path("BaseId").asText()).isEqualTo(base);
            // As CloudFormation passes them on: numbers and booleans as strings, at any depth.
            assertThat(properties.path("Count").isTextual()).isTrue();
            assertThat(properties.path("Count").asText()).isEqualTo("3");
            assertThat(properties.path("Enabled").asText()).isEqualTo("true");
            assertThat(properties.path("ServiceTimeout").asText()).isEqualTo("30");
            assertThat(properties.path("Tags").path(0).path("Value").isTextual()).isTrue();

            JsonNode variables = reader(stack);
            assertThat(variables.path("BASE_ID").asText()).isEqualTo(base);
            assertThat(variables.path("TOP").asText()).isEqualTo(outcomes(stack).get("Top").physicalResourceId());
            assertThat(variables.path("ELSEWHERE").asText()).isEqualTo("unprovisioned-Elsewhere-Value");
            assertThat(outcomes(stack).get("Elsewhere").action()).isEqualTo(Action.NOT_PROVISIONED);
            assertThat(stack.provisioned()).filteredOn(o -> o.action() == Action.CREATED).hasSize(3);
        }
        JsonNode recorded = JSON.readTree(state.resolve(LocalStack.CUSTOM_RESOURCE_STATE).toFile());
        assertThat(recorded.path("StackId").asText()).isEqualTo(PseudoParameters.STACK_ID);
        assertThat(recorded.path("Resources").path("Base").path("ServiceFunction").asText()).isEqualTo("Provider");
        assertThat(recorded.path("Resources").path("Top").path("ResourceProperties").path("Name").asText())
                .isEqualTo("top");
        assertThat(recorded.path("Resources").path("Top").path("Data").path("Name").asText()).isEqualTo("top");
    }

    @Test
    void aRestartWithTheSameState_sendsNothing_andKeepsEveryId() throws Exception {
        String base;
        try (LocalStack first = start(Map.of())) {
            base = outcomes(first).get("Base").physicalResourceId();
        }
        int before = events().size();
        try (LocalStack second = start(Map.of())) {
            assertThat(events()).hasSize(before);
            assertThat(second.provisioned()).filteredOn(o -> o.action() != Action.NOT_PROVISIONED)
                    .extracting(Outcome::action).containsOnly(Action.UNCHANGED);
            assertThat(reader(second).path("BASE_ID").asText()).isEqualTo(base);
        }
    }

    @Test
    void aChangedProperty_sendsAnUpdate_withTheOldProperties_andWhatDependsOnAnUnchangedIdIsLeftAlone()
            throws Exception {
        String base;
        try (LocalStack first = start(Map.of())) {
            base = outcomes(first).get("Base").physicalResourceId();
        }
        int before = events().size();
        try (LocalStack second = start(Map.of("BaseName", "renamed"))) {
            List<JsonNode> events = events().subList(before, events().size());
            assertThat(sent(events)).containsExactly("Update Base");
            JsonNode update = events.get(0);
            assertThat(update.path("PhysicalResourceId").asText()).isEqualTo(base);
            assertThat(update.path("ResourceProperties").path("Name").asText()).isEqualTo("renamed");
            assertThat(update.path("OldResourceProperties").path("Name").asText()).isEqualTo("base");
            assertThat(outcomes(second).get("Base").action()).isEqualTo(Action.UPDATED);
            assertThat(outcomes(second).get("Top").action()).isEqualTo(Action.UNCHANGED);
        }
    }

    @Test
    void anUpdateAnsweredWithANewPhysicalId_updatesWhatRefersToIt_thenDeletesTheOldOne() throws Exception {
        String oldBase;
        try (LocalStack first = start(Map.of("Replace", "true"))) {
            oldBase = outcomes(first).get("Base").physicalResourceId();
        }
        int before = events().size();
        try (LocalStack second = start(Map.of("Replace", "true", "BaseName", "renamed"))) {
            List<JsonNode> events = events().subList(before, events().size());
            assertThat(sent(events)).containsExactly("Update Base", "Update Top", "Delete Base");
            String newBase = outcomes(second).get("Base").physicalResourceId();
            assertThat(newBase).startsWith("renamed-").isNotEqualTo(oldBase);
            assertThat(outcomes(second).get("Base").action()).isEqualTo(Action.REPLACED);
            assertThat(events.get(1).path("ResourceProperties").path("BaseId").asText()).isEqualTo(newBase);
            assertThat(events.get(1).path("OldResourceProperties").path("BaseId").asText()).isEqualTo(oldBase);
            JsonNode delete = events.get(2);
            assertThat(delete.path("PhysicalResourceId").asText()).isEqualTo(oldBase);
            assertThat(delete.path("ResourceProperties").path("Name").asText()).isEqualTo("base");
            assertThat(delete.has("OldResourceProperties")).isFalse();
            assertThat(outcomes(second).get("Base-deleted").physicalResourceId()).isEqualTo(oldBase);
            assertThat(reader(second).path("BASE_ID").asText()).isEqualTo(newBase);
        }
        JsonNode recorded = JSON.readTree(state.resolve(LocalStack.CUSTOM_RESOURCE_STATE).toFile());
        assertThat(recorded.path("PendingDeletes")).isEmpty();
    }

    @Test
    void aResourceThatLeavesTheStack_isDeleted() throws Exception {
        String extra;
        try (LocalStack first = start(Map.of())) {
            extra = outcomes(first).get("Extra").physicalResourceId();
        }
        int before = events().size();
        try (LocalStack second = start(Map.of("WithExtra", "no"))) {
            List<JsonNode> events = events().subList(before, events().size());
            assertThat(sent(events)).containsExactly("Delete Extra");
            assertThat(events.get(0).path("PhysicalResourceId").asText()).isEqualTo(extra);
            assertThat(outcomes(second).get("Extra-deleted").action()).isEqualTo(Action.DELETED);
        }
        JsonNode recorded = JSON.readTree(state.resolve(LocalStack.CUSTOM_RESOURCE_STATE).toFile());
        assertThat(recorded.path("Resources").has("Extra")).isFalse();
    }

    @Test
    void aFailedAnswer_failsTheStartWithItsReason_andTheFailedCreateIsRolledBack() throws Exception {
        assertThatThrownBy(() -> start(Map.of("TopBehaviour", "fail")))
                .isInstanceOfSatisfying(CustomResourceFailedException.class, e -> {
                    assertThat(e.logicalId()).isEqualTo("Top");
                    assertThat(e.reason()).isEqualTo("the top refused");
                }).hasMessageContaining("Top (Custom::Thing): Create FAILED: the top refused");
        List<JsonNode> events = events();
        assertThat(sent(events).subList(0, 2)).containsExactlyInAnyOrder("Create Base", "Create Extra");
        assertThat(sent(events).subList(2, sent(events).size())).containsExactly("Create Top", "Delete Top");
        assertThat(events.get(3).path("PhysicalResourceId").asText()).startsWith("failed-");
        JsonNode recorded = JSON.readTree(state.resolve(LocalStack.CUSTOM_RESOURCE_STATE).toFile());
        assertThat(recorded.path("Resources").has("Top")).isFalse();
        assertThat(recorded.path("Resources").has("Base")).isTrue();
    }

    @Test
    void aFailingInvocation_isTriedTwiceMore_asLambdaRetriesAnAsynchronousInvoke() throws Exception {
        try (LocalStack stack = start(Map.of("TopBehaviour", "crash-twice"))) {
            assertThat(outcomes(stack).get("Top").action()).isEqualTo(Action.CREATED);
        }
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        List<JsonNode> tops = new ArrayList<>();
        for (String line : lines) {
            JsonNode entry = JSON.readTree(line);
            if ("Top".equals(entry.path("event").path("LogicalResourceId").asText())) {
                tops.add(entry);
            }
        }
        assertThat(tops).hasSize(3);
        assertThat(tops).extracting(t -> t.path("invocation").asText()).containsOnly(tops.get(0).path("invocation")
                .asText());
        assertThat(tops).extracting(t -> t.path("event").path("RequestId").asText())
                .containsOnly(tops.get(0).path("event").path("RequestId").asText());
    }

    @Test
    void aProviderThatNeverAnswers_failsTheStart() {
        assertThatThrownBy(() -> start(Map.of("TopBehaviour", "silent"))).isInstanceOf(NoAnswerException.class)
                .hasMessageContaining("Top (Custom::Thing): Create got no answer on its ResponseURL")
                .hasMessageContaining("Provider returned without answering");
    }
}
