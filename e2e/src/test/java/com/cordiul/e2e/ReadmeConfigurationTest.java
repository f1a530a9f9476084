package com.cordiul.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReadmeConfigurationTest {

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(\\w+)` \\| ([^|]*) \\|");

    @Test
    void configurationTable_namesEveryTemplateParameter_withItsDefault() throws Exception {
        Path root = RepositoryRoot.find();
        JsonNode parameters = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("template.yaml").toFile())
                .path("Parameters");
        String readme = Files.readString(root.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Configuration"),
                readme.indexOf("\n## ", readme.indexOf("## Configuration") + 3));
        List<String> documented = new ArrayList<>();
        Matcher row = ROW.matcher(section);
        while (row.find()) {
            documented.add(row.group(1));
            JsonNode parameter = parameters.path(row.group(1));
            assertThat(parameter.isMissingNode()).as(row.group(1) + " is a template parameter").isFalse();
            String fallback = parameter.path("Default").asText();
            assertThat(row.group(2).trim()).as("default of " + row.group(1))
                    .isEqualTo(fallback.isEmpty() ? "(empty)" : "`" + fallback + "`");
        }
        List<String> declared = new ArrayList<>();
        parameters.fieldNames().forEachRemaining(declared::add);
        assertThat(documented).containsExactlyElementsOf(declared);
    }
}
