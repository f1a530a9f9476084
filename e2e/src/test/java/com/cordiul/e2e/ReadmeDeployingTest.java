package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** README's "Deploying" says what the template does: its parameters, outputs, functions, events and policy. */
class ReadmeDeployingTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final Pattern NAME = Pattern.compile("`([A-Za-z][A-Za-z0-9]*)`");

    private static JsonNode template;
    private static String section;

    @BeforeAll
    static void read() throws Exception {
        template = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("template.yaml").toFile());
        section = ReadmeCurl.section(Files.readString(ROOT.resolve("README.md")), "Deploying");
    }

    /** The backticked names in the first column of the table that follows the line holding {@code heading}. */
    private static Set<String> firstColumn(String heading) {
        String table = section.substring(section.indexOf(heading));
        Set<String> names = new LinkedHashSet<>();
        boolean started = false;
        for (String line : table.split("\n")) {
            if (line.startsWith("|")) {
                started = true;
                Matcher name = NAME.matcher(line.substring(1, line.indexOf('|', 1)));
                while (name.find()) {
                    names.add(name.group(1));
                }
            } else if (started) {
                break;
            }
        }
        return names;
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void theGuidedDeploy_asksForEveryParameterOfTheTemplate_inItsOrder() {
        Set<String> prompted = firstColumn("`sam deploy --guided` asks");
        assertThat(new ArrayList<>(prompted)).containsExactlyElementsOf(keys(template.path("Parameters")));
    }

    @Test
    void theOutputsTable_namesEveryOutputOfTheTemplate() {
        assertThat(firstColumn("| output |")).containsExactlyInAnyOrderElementsOf(keys(template.path("Outputs")));
    }

    @Test
    void everyParameterOverride_andEveryFunctionNamed_isTheTemplates() {
        Matcher override = Pattern.compile("\\b([A-Z][A-Za-z]+)=").matcher(section);
        List<String> overridden = new ArrayList<>();
        while (override.find()) {
            overridden.add(override.group(1));
        }
        assertThat(overridden).isNotEmpty();
        assertThat(keys(template.path("Parameters"))).containsAll(overridden.stream()
                .filter(n -> !n.equals("Name")).toList());
        Matcher invoke = Pattern.compile("sam local invoke (\\w+)").matcher(section);
        assertThat(invoke.find()).isTrue();
        assertThat(template.path("Resources").path(invoke.group(1)).path("Type").asText())
                .isEqualTo("AWS::Serverless::Function");
    }

    @Test
    void theSampleEvents_exist() {
        Matcher events = Pattern.compile("events/sip-media-application-\\{([a-z,]+)}\\.json").matcher(section);
        assertThat(events.find()).isTrue();
        for (String type : events.group(1).split(",")) {
            assertThat(ROOT.resolve("events/sip-media-application-" + type + ".json")).isRegularFile();
        }
    }

    @Test
    void theProvidersActions_areThoseOfItsPolicy() {
        Matcher action = Pattern.compile("`(chime:[A-Za-z]+)`").matcher(section.substring(
                section.indexOf("**Least privilege.**")));
        Set<String> documented = new LinkedHashSet<>();
        while (action.find() && documented.size() < 4) {
            documented.add(action.group(1));
        }
        List<String> granted = new ArrayList<>();
        template.path("Resources").path("SipMediaApplicationFunction").path("Properties").path("Policies")
                .forEach(p -> p.path("Statement").forEach(s -> s.path("Action").forEach(a -> granted.add(a.asText()))));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(granted);
    }

    @Test
    void theKeptTables_areTheRetainedOnes() {
        Set<String> retained = new LinkedHashSet<>();
        template.path("Resources").properties().forEach(r -> {
            if ("Retain".equals(r.getValue().path("DeletionPolicy").asText())) {
                retained.add(r.getKey());
            }
        });
        Matcher kept = Pattern.compile("\\*\\*(`\\w+`(?:, `\\w+`)* and `\\w+`)\\*\\*").matcher(section);
        assertThat(kept.find()).isTrue();
        Matcher name = Pattern.compile("`(\\w+)`").matcher(kept.group(1));
        Set<String> named = new LinkedHashSet<>();
        while (name.find()) {
            named.add(name.group(1));
        }
        assertThat(named).isEqualTo(retained);
    }
}
