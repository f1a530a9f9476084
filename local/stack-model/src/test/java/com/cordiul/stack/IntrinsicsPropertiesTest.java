package com.cordiul.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NotEmpty;
import net.jqwik.api.constraints.Size;

/** Properties of the intrinsic functions over any input. */
class IntrinsicsPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Intrinsics NONE = new Intrinsics(Map.of(), JsonNodeFactory.instance.objectNode(),
            JsonNodeFactory.instance.objectNode(), new Intrinsics.References() {
                @Override
                public JsonNode ref(String name) {
                    return null;
                }

                @Override
                public JsonNode attribute(String resource, String attribute) {
                    return null;
                }
            });

    @Property
    void joinOfSplit_givesTheSourceBack(@ForAll String source, @ForAll @NotEmpty @AlphaChars String delimiter) {
        var split = JsonNodeFactory.instance.arrayNode().add(delimiter).add(source);
        var join = JsonNodeFactory.instance.objectNode().set("Fn::Join", JsonNodeFactory.instance.arrayNode()
                .add(delimiter).add(JsonNodeFactory.instance.objectNode().set("Fn::Split", split)));
        assertThat(NONE.text(join)).isEqualTo(source);
    }

    @Property
    void selectOfAList_isItsItem(@ForAll @Size(min = 1, max = 8) List<@AlphaChars String> items,
                                 @ForAll @IntRange(min = 0, max = 7) int index) throws Exception {
        int at = index % items.size();
        JsonNode select = JSON.readTree("{\"Fn::Select\":[" + at + "," + JSON.writeValueAsString(items) + "]}");
        assertThat(NONE.text(select)).isEqualTo(items.get(at));
    }

    @Property
    void subWithoutVariables_isTheTextItself(@ForAll String text) {
        String literal = text.replace("${", "$ {");
        assertThat(NONE.text(JsonNodeFactory.instance.objectNode().put("Fn::Sub", literal))).isEqualTo(literal);
    }
}
