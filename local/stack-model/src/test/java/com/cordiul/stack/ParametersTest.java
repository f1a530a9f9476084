package com.cordiul.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parameters: defaults, overrides and CloudFormation's checks of their values. */
class ParametersTest {

    private static final String TEMPLATE = """
            Parameters:
              Engine:
                Type: String
                Default: neural
                AllowedValues: [standard, neural]
              Seconds:
                Type: Number
                Default: 300
                MinValue: 1
                MaxValue: 3600
              Code:
                Type: String
                Default: ab
                AllowedPattern: "[a-z]+"
                MaxLength: 4
              Numbers:
                Type: CommaDelimitedList
                Default: ""
              Required:
                Type: String
            Resources:
              Q:
                Type: AWS::SQS::Queue
                Properties:
                  DelaySeconds: !Ref Seconds
            """;

    @TempDir
    Path dir;

    @Test
    void defaultsAndOverrides_giveTheValues() {
        Stack stack = Templates.read(dir, TEMPLATE, Map.of("Required", "x", "Seconds", "42", "Numbers", "1, 2"));
        assertThat(stack.parameterValue("Engine")).isEqualTo("neural");
        assertThat(stack.parameterValue("Seconds")).isEqualTo("42");
        assertThat(stack.parameterValue("Numbers")).isEqualTo("1,2");
        assertThat(stack.queue("Q").delay().toSeconds()).isEqualTo(42);
        assertThat(stack.parameters().get("Seconds").isNumber()).isTrue();
        assertThat(stack.hasParameter("Engine")).isTrue();
    }

    @Test
    void aValueOutsideAllowedValues_isRefused() {
        assertThatThrownBy(() -> Templates.read(dir, TEMPLATE, Map.of("Required", "x", "Engine", "generative")))
                .isInstanceOf(ParameterException.class).hasMessageContaining("Engine")
                .hasMessageContaining("[standard, neural]");
    }

    @Test
    void aNumberParameter_takesOnlyNumbersWithinItsBounds() {
        assertThatThrownBy(() -> Templates.read(dir, TEMPLATE, Map.of("Required", "x", "Seconds", "soon")))
                .isInstanceOf(ParameterException.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Templates.read(dir, TEMPLATE, Map.of("Required", "x", "Seconds", "0")))
                .isInstanceOf(ParameterException.class).hasMessageContaining("between 1 and 3600");
    }

    @Test
    void patternAndLength_areChecked() {
        assertThatThrownBy(() -> Templates.read(dir, TEMPLATE, Map.of("Required", "x", "Code", "AB")))
                .isInstanceOf(ParameterException.class).hasMessageContaining("[a-z]+");
        assertThatThrownBy(() -> Templates.read(dir, TEMPLATE, Map.of("Required", "x", "Code", "abcde")))
                .isInstanceOf(ParameterException.class).hasMessageContaining("characters");
    }

    @Test
    void unknownOverride_andMissingValue_areRefused() {
        assertThatThrownBy(() -> Templates.read(dir, TEMPLATE, Map.of("Required", "x", "Engin", "neural")))
                .isInstanceOf(ParameterException.class).hasMessageContaining("Engin");
        assertThatThrownBy(() -> Templates.read(dir, TEMPLATE))
                .isInstanceOf(ParameterException.class).hasMessageContaining("Required");
    }
}
