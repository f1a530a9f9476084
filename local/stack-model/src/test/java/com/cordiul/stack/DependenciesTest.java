package com.cordiul.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a resource waits for, as CloudFormation orders the operations of a stack. */
class DependenciesTest {

    private static final String TEMPLATE = """
            Parameters:
              Mode:
                Type: String
                Default: own
            Conditions:
              Own: !Equals [!Ref Mode, own]
            Globals:
              Function:
                Environment:
                  Variables:
                    TABLE: !Ref Things
            Resources:
              Things:
                Type: AWS::DynamoDB::Table
              Provider:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: x.Provider
                  CodeUri: provider.jar
                  AutoPublishAlias: live
                  Events:
                    Tick:
                      Type: Schedule
                      Properties:
                        Schedule: rate(1 minute)
                        Input: !Sub '{"queue":"${Work.Arn}"}'
              Work:
                Type: AWS::SQS::Queue
              Permission:
                Type: AWS::Lambda::Permission
                Properties:
                  FunctionName: !Ref ProviderAliaslive
              Base:
                Type: Custom::Base
                DependsOn: Permission
                Properties:
                  ServiceToken: !GetAtt Provider.Arn
                  Label: !Sub "${AWS::StackName}-${Mode}-${!Literal}"
              Top:
                Type: Custom::Top
                Properties:
                  ServiceToken: !GetAtt [Provider, Arn]
                  BaseId: !If [Own, !GetAtt Base.Id, !Ref Mode]
                  Queue: !Sub ["${Q}/x", {Q: !Ref Work}]
              Consumer:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: x.Consumer
                  CodeUri: consumer.jar
                  Environment:
                    Variables:
                      TOP: !Ref Top
                      VERSION: !Ref Provider.Version
            """;

    @TempDir
    Path dir;

    @Test
    void dependsOn_refs_getAtts_andSubReferences_areDependencies() {
        Stack stack = Templates.read(dir, TEMPLATE);
        assertThat(stack.dependencies("Base")).containsExactlyInAnyOrder("Permission", "Provider");
        assertThat(stack.dependencies("Top")).containsExactlyInAnyOrder("Provider", "Base", "Work");
    }

    @Test
    void samGeneratedNames_standForTheResourceTheyAreGeneratedFrom() {
        Stack stack = Templates.read(dir, TEMPLATE);
        assertThat(stack.dependencies("Permission")).containsExactly("Provider");
        assertThat(stack.dependencies("Consumer")).containsExactlyInAnyOrder("Top", "Provider", "Things");
    }

    @Test
    void globals_count_butAFunctionsEventsDoNot() {
        assertThat(Templates.read(dir, TEMPLATE).dependencies("Provider")).containsExactly("Things");
    }

    @Test
    void onlyTheChosenBranchOfAnFnIf_counts() {
        Stack other = Templates.read(dir, TEMPLATE, Map.of("Mode", "given"));
        assertThat(other.dependencies("Top")).containsExactlyInAnyOrder("Provider", "Work");
    }

    @Test
    void aResourceTheStackDoesNotHave_hasNoDependencies_toAskFor() {
        Stack stack = Templates.read(dir, TEMPLATE);
        assertThatThrownBy(() -> stack.dependencies("Nothing")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> stack.customResource("Things")).isInstanceOf(TemplateException.class);
    }
}
