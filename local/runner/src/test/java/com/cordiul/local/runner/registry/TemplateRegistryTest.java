package com.cordiul.local.runner.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.provisioning.SipMediaApplicationResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code template.yaml} checked against the CloudFormation registry ({@link TemplateCheck}): what the SAM schema
 * ({@code TemplateSchemaTest}) cannot see, since it accepts any non-SAM resource. The planted faults below are the
 * check's own proof, on small templates: each must be found.
 */
class TemplateRegistryTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final CloudFormationRegistry REGISTRY = CloudFormationRegistry.beside(ROOT);
    /** What the stack's own provider answers in Data (SipMediaApplicationResource), for Fn::GetAtt. */
    private static final TemplateCheck CHECK = new TemplateCheck(REGISTRY, Map.of("Custom::SipMediaApplication",
            Set.of(SipMediaApplicationResource.ID_ATTRIBUTE, SipMediaApplicationResource.ARN_ATTRIBUTE)));

    private static List<String> problems(String yaml) {
        List<String> problems = CHECK.problems(CfnTemplate.parse(yaml));
        // Kept in the test report (target/surefire-reports), to show what the check says.
        problems.forEach(p -> System.out.println("planted fault found: " + p));
        return problems;
    }

    /** A small valid template; each planted fault replaces one of its lines. */
    private static final String SMALL = """
            AWSTemplateFormatVersion: "2010-09-09"
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Stage:
                Type: String
                Default: prod
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: fn.jar
                  Handler: a.B::handleRequest
                  Runtime: java17
                  AutoPublishAlias: live
              Keys:
                Type: AWS::DynamoDB::Table
                DeletionPolicy: Retain
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions:
                    - AttributeName: id
                      AttributeType: S
                  KeySchema:
                    - AttributeName: id
                      KeyType: HASH
              Invoke:
                Type: AWS::Lambda::Permission
                Properties:
                  Action: lambda:InvokeFunction
                  FunctionName: !Ref FnAliaslive
                  Principal: voiceconnector.chime.amazonaws.com
                  SourceAccount:
                    Ref: AWS::AccountId
              Sma:
                Type: Custom::SipMediaApplication
                DependsOn: Invoke
                Properties:
                  ServiceToken: !GetAtt Fn.Arn
                  ServiceTimeout: 300
                  Name: !Sub "${AWS::StackName}-calls"
            Outputs:
              SmaId:
                Value: !GetAtt Sma.SipMediaApplicationId
              Table:
                Value:
                  Fn::Sub: "${Keys.Arn} in ${Stage} of ${Fn.Arn} for ${!Literal}"
            """;

    @Test
    void theTemplate_hasNothingCloudFormationWouldRefuse() {
        assertThat(CHECK.problems(CfnTemplate.read(ROOT.resolve("template.yaml")))).isEmpty();
    }

    /** Issue 11: the type the template had before the custom resource, which made every deploy fail. */
    @Test
    void theTemplatesFormerSipMediaApplicationType_wouldBeFound() throws Exception {
        String former = Files.readString(ROOT.resolve("template.yaml"))
                .replace("Type: Custom::SipMediaApplication", "Type: AWS::ChimeSDKVoice::SipMediaApplication");
        assertThat(problems(former)).anySatisfy(p -> assertThat(p).contains("Resources/CordiulSipMediaApplication",
                "does not exist in CloudFormation"));
    }

    @Test
    void theSmallTemplate_isValid_inBothFormsOfTheIntrinsics() {
        assertThat(problems(SMALL)).isEmpty();
    }

    @Test
    void aPlantedUnknownType_isFound() {
        String planted = SMALL.replace("Type: Custom::SipMediaApplication",
                "Type: AWS::ChimeSDKVoice::SipMediaApplication");
        assertThat(problems(planted)).anySatisfy(p -> assertThat(p).contains("Resources/Sma",
                "AWS::ChimeSDKVoice::SipMediaApplication does not exist in CloudFormation"));
    }

    @Test
    void aCustomResourceWithoutAServiceToken_isFound() {
        assertThat(problems(SMALL.replace("      ServiceToken: !GetAtt Fn.Arn\n", "")))
                .anySatisfy(p -> assertThat(p).contains("Resources/Sma", "without a ServiceToken"));
    }

    @Test
    void aPlantedUnknownProperty_isFound() {
        assertThat(problems(SMALL.replace("BillingMode: PAY_PER_REQUEST", "BillingModes: PAY_PER_REQUEST")))
                .anySatisfy(p -> assertThat(p).contains("Resources/Keys/Properties/BillingModes",
                        "unknown property"));
    }

    @Test
    void aMissingRequiredProperty_isFound() {
        assertThat(problems(SMALL.replace("      Principal: voiceconnector.chime.amazonaws.com\n", "")))
                .anySatisfy(p -> assertThat(p).contains("Resources/Invoke/Properties",
                        "missing required property Principal"));
    }

    @Test
    void wrongShapesAndValues_areFound() {
        assertThat(problems(SMALL.replace("BillingMode: PAY_PER_REQUEST", "BillingMode: [PAY_PER_REQUEST]")))
                .anySatisfy(p -> assertThat(p).contains("BillingMode", "expected string"));
        assertThat(problems(SMALL.replace("AttributeType: S", "AttributeType: STRING")))
                .anySatisfy(p -> assertThat(p).contains("AttributeType", "STRING", "is not one of"));
        assertThat(problems(SMALL.replace("AttributeType: S", "AttributeType: {Kind: S}")))
                .anySatisfy(p -> assertThat(p).contains("AttributeDefinitions/0/AttributeType"));
        assertThat(problems(SMALL.replace("ServiceTimeout: 300", "ServiceTimeout: five minutes")))
                .anySatisfy(p -> assertThat(p).contains("ServiceTimeout", "expected integer"));
        assertThat(problems(SMALL.replace("DeletionPolicy: Retain", "DeletionPolicy: Keep")))
                .anySatisfy(p -> assertThat(p).contains("DeletionPolicy", "Keep"));
        assertThat(problems(SMALL.replace("Action: lambda:InvokeFunction", "Action: invoke")))
                .anySatisfy(p -> assertThat(p).contains("Action", "does not match"));
    }

    @Test
    void aPlantedDanglingGetAtt_isFound_inEitherForm() {
        assertThat(problems(SMALL.replace("!GetAtt Sma.SipMediaApplicationId", "!GetAtt Smaa.SipMediaApplicationId")))
                .anySatisfy(p -> assertThat(p).contains("Outputs/SmaId", "Smaa", "no resource"));
        assertThat(problems(SMALL.replace("!GetAtt Sma.SipMediaApplicationId",
                "{\"Fn::GetAtt\": [Gone, SipMediaApplicationId]}")))
                .anySatisfy(p -> assertThat(p).contains("Outputs/SmaId", "Gone", "no resource"));
    }

    @Test
    void anAttributeTheTypeDoesNotHave_isFound_forRegistryAndCustomTypes() {
        assertThat(problems(SMALL.replace("${Keys.Arn}", "${Keys.TableArn}")))
                .anySatisfy(p -> assertThat(p).contains("Keys.TableArn", "has no attribute TableArn"));
        assertThat(problems(SMALL.replace("!GetAtt Sma.SipMediaApplicationId", "!GetAtt Sma.SmaId")))
                .anySatisfy(p -> assertThat(p).contains("Sma.SmaId", "Custom::SipMediaApplication has no attribute"));
        assertThat(problems(SMALL.replace("Custom::SipMediaApplication", "Custom::Unknown")))
                .anySatisfy(p -> assertThat(p).contains("nothing says which Data"));
    }

    @Test
    void danglingRefs_areFound_inShortLongAndSubForms() {
        assertThat(problems(SMALL.replace("!Ref FnAliaslive", "!Ref FnAliasLive")))
                .anySatisfy(p -> assertThat(p).contains("Resources/Invoke/Properties/FunctionName",
                        "Ref to FnAliasLive"));
        assertThat(problems(SMALL.replace("Ref: AWS::AccountId", "Ref: AWS::Account")))
                .anySatisfy(p -> assertThat(p).contains("Ref to AWS::Account"));
        assertThat(problems(SMALL.replace("${Stage}", "${Stages}")))
                .anySatisfy(p -> assertThat(p).contains("Outputs/Table", "Ref to Stages"));
        assertThat(problems(SMALL.replace("DependsOn: Invoke", "DependsOn: [Invoke, Nothing]")))
                .anySatisfy(p -> assertThat(p).contains("DependsOn", "Nothing"));
    }

    @Test
    void aReadOnlyPropertyOrAnUnknownResourceAttribute_isFound() {
        assertThat(problems(SMALL.replace("      BillingMode: PAY_PER_REQUEST\n",
                "      BillingMode: PAY_PER_REQUEST\n      Arn: arn:aws:dynamodb:x\n")))
                .anySatisfy(p -> assertThat(p).contains("Keys/Properties/Arn", "read-only"));
        assertThat(problems(SMALL.replace("DeletionPolicy: Retain", "DeletePolicy: Retain")))
                .anySatisfy(p -> assertThat(p).contains("unknown resource attribute DeletePolicy"));
    }

    @Test
    void aTypeWithoutASchemaInTheReference_isNotPassedUnchecked() {
        assertThat(problems(SMALL.replace("Type: AWS::DynamoDB::Table", "Type: AWS::DynamoDB::GlobalTable")))
                .anySatisfy(p -> assertThat(p).contains("no registry schema of AWS::DynamoDB::GlobalTable"));
    }

    /** A template whose SIP media application is made only when none is given, as the repository's is. */
    private static final String CONDITIONAL = """
            AWSTemplateFormatVersion: "2010-09-09"
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Existing:
                Type: String
                Default: ""
            Conditions:
              Creates: !Equals [!Ref Existing, ""]
            Resources:
              Provider:
                Type: AWS::Serverless::Function
                Condition: Creates
                Properties:
                  CodeUri: fn.jar
                  Handler: a.B::handleRequest
                  Runtime: java21
                  AutoPublishAlias: live
              Invoke:
                Type: AWS::Lambda::Permission
                Condition: Creates
                Properties:
                  Action: lambda:InvokeFunction
                  FunctionName: !Ref ProviderAliaslive
                  Principal: cloudformation.amazonaws.com
              Sma:
                Type: Custom::SipMediaApplication
                Condition: Creates
                DependsOn: Invoke
                Properties:
                  ServiceToken: !GetAtt Provider.Arn
                  Name: !Sub "${AWS::StackName}-calls"
              Caller:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: fn.jar
                  Handler: a.C::handleRequest
                  Runtime: java21
                  Environment:
                    Variables:
                      SMA: !If [Creates, !GetAtt Sma.SipMediaApplicationId, !Ref Existing]
            Outputs:
              SmaId:
                Value:
                  Fn::If:
                    - Creates
                    - !Sub "${Sma.SipMediaApplicationId}"
                    - !Ref Existing
              ProviderArn:
                Condition: Creates
                Value: !GetAtt Provider.Arn
            """;

    @Test
    void theConditionalTemplate_isValid_whereEveryReferenceIsGuarded() {
        assertThat(problems(CONDITIONAL)).isEmpty();
    }

    @Test
    void anUnknownCondition_isFound_onAResourceAnOutputAndAnFnIf() {
        assertThat(problems(CONDITIONAL.replace("Condition: Creates\n    DependsOn",
                "Condition: Create\n    DependsOn")))
                .anySatisfy(p -> assertThat(p).contains("Resources/Sma/Condition", "Create"));
        assertThat(problems(CONDITIONAL.replace("!If [Creates,", "!If [Created,")))
                .anySatisfy(p -> assertThat(p).contains("Resources/Caller", "Fn::If", "Created"));
        assertThat(problems(CONDITIONAL.replace("    Condition: Creates\n    Value",
                "    Condition: Nope\n    Value")))
                .anySatisfy(p -> assertThat(p).contains("Outputs/ProviderArn/Condition", "Nope"));
    }

    @Test
    void aReferenceToAConditionalResource_whereItMayBeMissing_isFound() {
        assertThat(problems(CONDITIONAL.replace("!If [Creates, !GetAtt Sma.SipMediaApplicationId, !Ref Existing]",
                "!GetAtt Sma.SipMediaApplicationId")))
                .anySatisfy(p -> assertThat(p).contains("Resources/Caller", "Sma", "exists only when Creates"));
        assertThat(problems(CONDITIONAL.replace("!If [Creates, !GetAtt Sma.SipMediaApplicationId, !Ref Existing]",
                "!If [Creates, !Ref Existing, !GetAtt Sma.SipMediaApplicationId]")))
                .anySatisfy(p -> assertThat(p).contains("Resources/Caller", "exists only when Creates"));
        assertThat(problems(CONDITIONAL.replace("    Condition: Creates\n    Value", "    Value")))
                .anySatisfy(p -> assertThat(p).contains("Outputs/ProviderArn", "Provider", "exists only when"));
        assertThat(problems(CONDITIONAL.replace("- !Sub \"${Sma.SipMediaApplicationId}\"\n        - !Ref Existing",
                "- !Ref Existing\n        - !Sub \"${Sma.SipMediaApplicationId}\"")))
                .anySatisfy(p -> assertThat(p).contains("Outputs/SmaId", "Fn::Sub", "exists only when"));
    }

    @Test
    void aConditionalSamGeneratedName_orDependsOn_whereItMayBeMissing_isFound() {
        String unconditionalInvoke = CONDITIONAL.replace("""
                  Invoke:
                    Type: AWS::Lambda::Permission
                    Condition: Creates
                """, """
                  Invoke:
                    Type: AWS::Lambda::Permission
                """);
        assertThat(problems(unconditionalInvoke)).anySatisfy(p -> assertThat(p).contains(
                "Resources/Invoke/Properties/FunctionName", "ProviderAliaslive", "exists only when Creates"));
        String unconditionalSma = CONDITIONAL.replace("""
                    Type: Custom::SipMediaApplication
                    Condition: Creates
                """, """
                    Type: Custom::SipMediaApplication
                """);
        assertThat(problems(unconditionalSma)).anySatisfy(p -> assertThat(p).contains("Resources/Sma/DependsOn",
                "Invoke", "exists only when Creates"));
    }

    /** The repository's own guard: the dialer and cancel read the stack's application only when it makes one. */
    @Test
    void theTemplateWithoutItsFnIfGuard_wouldBeFound() throws Exception {
        String template = Files.readString(ROOT.resolve("template.yaml"));
        String unguarded = template.replace("""
                          SIP_MEDIA_APPLICATION_ID:
                            Fn::If:
                              - CreatesSipMediaApplication
                              - Fn::GetAtt: [CordiulSipMediaApplication, SipMediaApplicationId]
                              - Ref: ExistingSipMediaApplicationId
                """, """
                          SIP_MEDIA_APPLICATION_ID:
                            Fn::GetAtt: [CordiulSipMediaApplication, SipMediaApplicationId]
                """);
        assertThat(unguarded).isNotEqualTo(template);
        for (String function : new String[] {"Resources/DialerFunction", "Resources/CancelCallFunction"}) {
            assertThat(problems(unguarded)).anySatisfy(p -> assertThat(p).contains(function,
                    "CordiulSipMediaApplication", "exists only when CreatesSipMediaApplication"));
        }
    }
}
