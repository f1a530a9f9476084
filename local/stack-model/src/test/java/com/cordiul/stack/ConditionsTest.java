package com.cordiul.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conditions, resource Conditions and Fn::If, as CloudFormation evaluates them. */
class ConditionsTest {

    private static final String TEMPLATE = """
            Parameters:
              Env:
                Type: String
                Default: dev
                AllowedValues: [dev, staging, prod]
              Alarms:
                Type: String
                Default: "off"
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
              IsStaging: {"Fn::Equals": [{"Ref": "Env"}, "staging"]}
              Deployed: !Or [!Condition IsProd, !Condition IsStaging]
              Local: !Not [!Condition Deployed]
              WantsAlarms: !And [!Condition Deployed, !Not [!Equals [!Ref Alarms, "off"]]]
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Condition: WantsAlarms
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: !If [IsProd, 120, !Ref AWS::NoValue]
            Outputs:
              TopicArn:
                Condition: WantsAlarms
                Value: !Ref Topic
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"dev,off,false,true,false", "prod,off,true,false,false", "staging,on,true,false,true",
            "prod,on,true,false,true"})
    void conditions_combine(String env, String alarms, boolean deployed, boolean local, boolean wantsAlarms) {
        Stack stack = Templates.read(dir, TEMPLATE, Map.of("Env", env, "Alarms", alarms));
        assertThat(stack.condition("Deployed")).isEqualTo(deployed);
        assertThat(stack.condition("Local")).isEqualTo(local);
        assertThat(stack.condition("WantsAlarms")).isEqualTo(wantsAlarms);
        assertThat(stack.exists("Topic")).isEqualTo(wantsAlarms);
        assertThat(stack.outputs().containsKey("TopicArn")).isEqualTo(wantsAlarms);
    }

    @Test
    void resourceWhoseConditionIsFalse_isNotInTheStack() {
        Stack stack = Templates.read(dir, TEMPLATE);
        assertThat(stack.resources()).extracting(Resource::logicalId).containsExactly("Queue");
        assertThat(stack.resource("Topic")).isEmpty();
        assertThat(stack.outputs()).isEmpty();
    }

    @Test
    void fnIf_choosesItsBranch_andNoValueFallsBackToTheDefault() {
        assertThat(Templates.read(dir, TEMPLATE).queue("Queue").visibilityTimeout().toSeconds()).isEqualTo(30);
        assertThat(Templates.read(dir, TEMPLATE, Map.of("Env", "prod")).queue("Queue").visibilityTimeout()
                .toSeconds()).isEqualTo(120);
    }

    @Test
    void circularConditions_areATemplateError() {
        Stack stack = Templates.read(dir, """
                Conditions:
                  A: !Not [!Condition B]
                  B: !Not [!Condition A]
                Resources:
                  Q:
                    Type: AWS::SQS::Queue
                    Condition: A
                """);
        assertThatThrownBy(() -> stack.exists("Q")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("circle");
    }
}
