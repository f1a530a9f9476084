package com.cordiul.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;

/** Checks what the YAML reader makes of one value. */
final class ObjectNodes {

    private ObjectNodes() {
    }

    /** The value written after {@code V: } reads as that JSON. */
    static void assertReads(Path dir, String yamlValue, String json) {
        var root = TemplateYaml.parse(new StringReader("V: " + yamlValue + "\n"), dir.toString());
        assertThat(root.get("V").toString()).isEqualTo(json);
    }
}
