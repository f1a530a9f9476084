package com.cordiul.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Globals merged as SAM merges them: maps merge, lists add up (globals first), scalars override. */
class GlobalsTest {

    @TempDir
    Path dir;

    @Test
    void functionProperties_mergeWithGlobals_bySamRules() {
        Stack stack = Templates.read(dir, """
                Globals:
                  Function:
                    Runtime: java17
                    Timeout: 15
                    MemorySize: 1024
                    Layers: [!Ref Shared]
                    Environment:
                      Variables:
                        TABLE: global-table
                        LEVEL: info
                    Tags:
                      team: voice
                Resources:
                  Shared:
                    Type: AWS::Serverless::LayerVersion
                    Properties:
                      ContentUri: shared.zip
                  Extra:
                    Type: AWS::Serverless::LayerVersion
                    Properties:
                      ContentUri: extra.zip
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Handler
                      CodeUri: fn.jar
                      Timeout: 4
                      Layers: [!Ref Extra, "arn:aws:lambda:us-east-1:017000801446:layer:Powertools:1"]
                      Environment:
                        Variables:
                          LEVEL: debug
                          OWN: yes-own
                      Tags:
                        owner: me
                  Plain:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Plain
                      CodeUri: fn.jar
                """);
        LambdaFunction fn = stack.function("Fn");
        assertThat(fn.timeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(fn.memoryMb()).isEqualTo(1024);
        assertThat(fn.runtime()).isEqualTo("java17");
        assertThat(fn.layers()).containsExactly(dir.resolve("shared.zip"), dir.resolve("extra.zip"));
        assertThat(fn.externalLayers()).containsExactly("arn:aws:lambda:us-east-1:017000801446:layer:Powertools:1");
        assertThat(fn.environment()).containsExactly(java.util.Map.entry("TABLE", "global-table"),
                java.util.Map.entry("LEVEL", "debug"), java.util.Map.entry("OWN", "yes-own"));
        assertThat(fn.properties().path("Tags").size()).isEqualTo(2);
        LambdaFunction plain = stack.function("Plain");
        assertThat(plain.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(plain.environment()).containsEntry("LEVEL", "info");
    }

    @Test
    void anIntrinsicIsAScalar_itOverridesWhole() throws Exception {
        ObjectMapper json = new ObjectMapper();
        var global = json.readTree("{\"Variables\":{\"A\":\"1\"}}");
        var own = json.readTree("{\"Fn::If\":[\"C\",{\"Variables\":{\"B\":\"2\"}},{\"Ref\":\"AWS::NoValue\"}]}");
        assertThat(Globals.merge(global, own)).isEqualTo(own);
        assertThat(Globals.merge(own, global)).isEqualTo(global);
    }

    @Test
    void implicitApi_getsGlobalsApi() {
        Stack stack = Templates.read(dir, """
                Globals:
                  Api:
                    StageName: v1
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Handler
                      CodeUri: fn.jar
                      Events:
                        Get:
                          Type: Api
                          Properties: {Path: /things, Method: get}
                """);
        assertThat(stack.function("Fn").eventsOf(FunctionEvent.Api.class)).singleElement()
                .satisfies(e -> assertThat(e.restApiId()).isEqualTo(Stack.IMPLICIT_API));
        assertThat(stack.restApi(Stack.IMPLICIT_API).stageName()).isEqualTo("v1");
        assertThat(stack.generatedResources()).containsEntry("ServerlessRestApi", "AWS::Serverless::Api");
    }
}
