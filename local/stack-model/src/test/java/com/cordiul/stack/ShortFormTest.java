package com.cordiul.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short-form tags read as their long forms, and every supported intrinsic resolved. */
class ShortFormTest {

    private static final String TEMPLATE = """
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Stage:
                Type: String
                Default: dev
              Zones:
                Type: CommaDelimitedList
                Default: "a,b,c"
            Mappings:
              Sizes:
                dev:
                  Memory: 256
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: !Sub "${AWS::StackName}-things"
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
              Queue:
                Type: AWS::SQS::Queue
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: x.Handler
                  CodeUri: fn.jar
                  MemorySize: !FindInMap [Sizes, !Ref Stage, Memory]
                  Environment:
                    Variables:
                      TABLE: !Ref Table
                      TABLE_ARN: !GetAtt Table.Arn
                      QUEUE_URL: !Ref Queue
                      QUEUE_ARN: !GetAtt [Queue, Arn]
                      LABEL: !Sub "${AWS::Region}/${Stage}/${Table}/${Queue.QueueName}/${!Literal}"
                      VARS: !Sub
                        - "${Prefix}-${AWS::AccountId}"
                        - Prefix: !Ref Stage
                      JOINED: !Join ["+", !Ref Zones]
                      SECOND: !Select [1, !Split [",", "x,y,z"]]
                      CHOSEN: !If [IsProd, big, small]
                      GONE: !If [IsProd, here, !Ref AWS::NoValue]
                      ENCODED: !Base64 hi
                      ZONE: !Select [0, !GetAZs ""]
                      NUMBER: 0123
                      PHONE: +12025550199
                      FLAG: true
            """;

    @TempDir
    Path dir;

    @Test
    void shortForms_resolveAsCloudFormationResolvesThem() {
        LambdaFunction fn = Templates.read(dir, TEMPLATE).function("Fn");
        assertThat(fn.memoryMb()).isEqualTo(256);
        assertThat(fn.environment())
                .containsEntry("TABLE", "cordiul-local-things")
                .containsEntry("TABLE_ARN", "arn:aws:dynamodb:us-east-1:123456789012:table/cordiul-local-things")
                .containsEntry("QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/Queue")
                .containsEntry("QUEUE_ARN", "arn:aws:sqs:us-east-1:123456789012:Queue")
                .containsEntry("LABEL", "us-east-1/dev/cordiul-local-things/Queue/${Literal}")
                .containsEntry("VARS", "dev-123456789012")
                .containsEntry("JOINED", "a+b+c")
                .containsEntry("SECOND", "y")
                .containsEntry("CHOSEN", "small")
                .containsEntry("ENCODED", "aGk=")
                .containsEntry("ZONE", "us-east-1a")
                .containsEntry("NUMBER", "0123")
                .containsEntry("PHONE", "+12025550199")
                .containsEntry("FLAG", "true")
                .doesNotContainKey("GONE");
    }

    @Test
    void overridingAParameter_changesEveryValueThatDependsOnIt() {
        Stack prod = Templates.read(dir, TEMPLATE.replace("dev:\n", "prod:\n"), Map.of("Stage", "prod"));
        assertThat(prod.function("Fn").environment()).containsEntry("CHOSEN", "big").containsEntry("GONE", "here");
    }

    @Test
    void shortAndLongForms_giveTheSameStack() {
        String longForm = """
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Handler
                      CodeUri: fn.jar
                      Environment:
                        Variables:
                          A: {"Fn::GetAtt": ["Queue", "Arn"]}
                          B: {"Fn::Sub": "${Queue.Arn}"}
                          C: {"Fn::If": [{"Condition": "Never"}, "x", "y"]}
                """;
        String shortForm = longForm.replace("{\"Fn::GetAtt\": [\"Queue\", \"Arn\"]}", "!GetAtt Queue.Arn")
                .replace("{\"Fn::Sub\": \"${Queue.Arn}\"}", "!Sub ${Queue.Arn}")
                .replace("{\"Fn::If\": [{\"Condition\": \"Never\"}, \"x\", \"y\"]}", "!If [Never, x, y]");
        String conditions = "Conditions:\n  Never: !Equals [a, b]\n";
        Path longDir = dir.resolve("long");
        Path shortDir = dir.resolve("short");
        assertThat(longDir.toFile().mkdirs() && shortDir.toFile().mkdirs()).isTrue();
        var fromLong = Templates.read(longDir, conditions + longForm.replace("{\"Condition\": \"Never\"}", "Never"))
                .function("Fn").environment();
        var fromShort = Templates.read(shortDir, conditions + shortForm).function("Fn").environment();
        assertThat(fromShort).isEqualTo(fromLong).containsEntry("A", "arn:aws:sqs:us-east-1:123456789012:Queue")
                .containsEntry("C", "y");
    }

    @Test
    void dottedGetAtt_splitsAtTheFirstDotOnly() {
        ObjectNodes.assertReads(dir, "!GetAtt Api.Outputs.Url", "{\"Fn::GetAtt\":[\"Api\",\"Outputs.Url\"]}");
    }

    @Test
    void unknownTag_isRefused_withItsLine() {
        assertThatThrownBy(() -> Templates.read(dir, "Resources:\n  Q:\n    Type: !Bogus x\n"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("line 3").hasMessageContaining("!Bogus");
    }

    @Test
    void anchorsAndDuplicateKeys_areRefused_asCloudFormationRefusesThem() {
        assertThatThrownBy(() -> Templates.read(dir, "Resources:\n  Q: &q\n    Type: AWS::SQS::Queue\n  R: *q\n"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("anchor");
        assertThatThrownBy(() -> Templates.read(dir, "Resources:\n  Q:\n    Type: A\n  Q:\n    Type: B\n"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("duplicate key 'Q'");
    }

    @Test
    void refToNothing_isATemplateError() {
        Stack stack = Templates.read(dir, """
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Handler
                      CodeUri: fn.jar
                      Environment:
                        Variables:
                          A: !Ref Nowhere
                """);
        assertThatThrownBy(() -> stack.function("Fn")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("Nowhere");
    }
}
