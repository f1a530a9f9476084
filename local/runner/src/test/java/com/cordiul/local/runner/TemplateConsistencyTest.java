package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.provisioning.CustomResourceRunner;
import com.cordiul.stack.LambdaFunction;
import com.cordiul.stack.Stack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * template.yaml agrees with the repository: modules, artifacts, handlers, routes, runtime; the SIP media application
 * is the stack's own custom resource, wired as Chime needs it; and the deploy hygiene holds (no implicit stage, a
 * new version on any change, the customer's tables kept).
 */
class TemplateConsistencyTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final Stack TEMPLATE = Stack.read(ROOT.resolve("template.yaml"));
    private static final JsonNode RAW = raw();
    private static final String SMA = "CordiulSipMediaApplication";
    private static final String CALL_STATUS_ALIAS = "CallStatusFunctionAliaslive";

    @Test
    void everyCodeUri_isTheJarOfAModuleOfTheBuild() throws IOException {
        String parentPom = Files.readString(ROOT.resolve("pom.xml"));
        for (String id : functionIds()) {
            Path codeUri = ROOT.relativize(TEMPLATE.function(id).codeUri());
            assertThat(codeUri.getNameCount()).as(id).isEqualTo(4);
            String module = codeUri.getName(1).toString();
            assertThat(codeUri.toString().replace('\\', '/')).as(id)
                    .isEqualTo("functions/" + module + "/target/" + module + ".jar");
            Path pom = ROOT.resolve("functions").resolve(module).resolve("pom.xml");
            assertThat(pom).as(id).isRegularFile();
            assertThat(Files.readString(pom)).as(id + " builds " + module + ".jar")
                    .contains("<finalName>" + module + "</finalName>");
            assertThat(parentPom).as(id).contains("<module>functions/" + module + "</module>");
        }
    }

    @Test
    void everyHandler_followsTheNamingRule_andExistsInItsModulesSources() {
        for (String id : functionIds()) {
            LambdaFunction function = TEMPLATE.function(id);
            String module = function.codeUri().getParent().getParent().getFileName().toString();
            String handlerClass = function.handlerClass();
            assertThat(handlerClass).as(id).startsWith("com.cordiul.fn." + module.replace("-", "") + ".")
                    .endsWith("Handler");
            assertThat(function.handlerMethod()).as(id).isEqualTo("handleRequest");
            Path sources = ROOT.resolve("functions").resolve(module).resolve("src/main/java");
            // A module still without sources is a placeholder; once it has code, it must hold the handler.
            if (Files.isDirectory(sources)) {
                assertThat(sources.resolve(handlerClass.replace('.', '/') + ".java")).as(id).isRegularFile();
            }
        }
    }

    @Test
    void everyApiEvent_hasAUniqueMethodAndPath() {
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (Route route : LocalStack.routes(TEMPLATE)) {
            if (!seen.add(route.method() + " " + route.path())) {
                duplicates.add(route.method() + " " + route.path());
            }
            assertThat(route.path()).as(route.functionId()).startsWith("/api/");
        }
        assertThat(duplicates).isEmpty();
    }

    @Test
    void everyFunction_runsOnJava17_withTheSharedLayer() throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("template.yaml").toFile());
        JsonNode globalRuntime = root.path("Globals").path("Function").path("Runtime");
        for (String id : functionIds()) {
            JsonNode own = root.path("Resources").path(id).path("Properties").path("Runtime");
            JsonNode runtime = own.isMissingNode() ? globalRuntime : own;
            assertThat(runtime.isTextual()).as(id + " Runtime is a string").isTrue();
            assertThat(runtime.asText()).as(id).isEqualTo("java21");
            assertThat(TEMPLATE.function(id).layers()).as(id).containsExactly(ROOT.resolve("layers/target/layer.zip"));
        }
        assertThat(ROOT.resolve("layers/pom.xml")).isRegularFile();
    }

    @Test
    void everyTableVariable_namesATableOfTheTemplate() {
        List<String> tables = com.cordiul.local.dynalite.TemplateTables.read(ROOT.resolve("template.yaml")).names();
        for (String id : functionIds()) {
            TEMPLATE.function(id).environment().forEach((name, value) -> {
                if (name.endsWith("_TABLE")) {
                    assertThat(tables).as(id + " " + name).contains(value);
                }
            });
        }
    }

    @Test
    void everyFunctionModule_isAFunctionOfTheTemplate() throws IOException {
        Matcher module = Pattern.compile("<module>functions/([a-z-]+)</module>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1));
        }
        List<String> deployed = new ArrayList<>();
        for (String id : functionIds()) {
            deployed.add(TEMPLATE.function(id).codeUri().getParent().getParent().getFileName().toString());
        }
        assertThat(deployed).containsExactlyInAnyOrderElementsOf(modules);
    }

    @Test
    void theSipMediaApplication_isTheStacksCustomResource_pointedAtCallStatus_afterChimeMayInvokeIt() {
        JsonNode sma = RAW.path("Resources").path(SMA);
        assertThat(sma.path("Type").asText()).isEqualTo("Custom::SipMediaApplication");
        JsonNode token = sma.path("Properties").path("ServiceToken").path("Fn::GetAtt");
        assertThat(token.path(1).asText()).isEqualTo("Arn");
        assertThat(TEMPLATE.function(token.path(0).asText()).handlerClass())
                .isEqualTo("com.cordiul.fn.sipmediaapplication.SipMediaApplicationHandler");
        JsonNode endpoints = sma.path("Properties").path("Endpoints");
        assertThat(endpoints).hasSize(1);
        assertThat(endpoints.path(0).path("LambdaArn").path("Ref").asText()).isEqualTo(CALL_STATUS_ALIAS);
        assertThat(sma.path("Properties").path("AwsRegion").path("Ref").asText()).isEqualTo("AWS::Region");

        List<String> dependsOn = new ArrayList<>();
        JsonNode declared = sma.path("DependsOn");
        if (declared.isArray()) {
            declared.forEach(d -> dependsOn.add(d.asText()));
        } else {
            dependsOn.add(declared.asText());
        }
        assertThat(dependsOn).anySatisfy(id -> {
            JsonNode permission = RAW.path("Resources").path(id);
            assertThat(permission.path("Type").asText()).isEqualTo("AWS::Lambda::Permission");
            assertThat(permission.path("Properties").path("Principal").asText())
                    .isEqualTo("voiceconnector.chime.amazonaws.com");
            assertThat(permission.path("Properties").path("FunctionName").path("Ref").asText())
                    .isEqualTo(CALL_STATUS_ALIAS);
            assertThat(permission.path("Properties").path("Action").asText()).isEqualTo("lambda:InvokeFunction");
        });
    }

    @Test
    void theProvider_mayOnlyManageSipMediaApplications_andAnswersWithinItsTimeout() {
        String provider = RAW.path("Resources").path(SMA).path("Properties").path("ServiceToken")
                .path("Fn::GetAtt").path(0).asText();
        JsonNode properties = RAW.path("Resources").path(provider).path("Properties");
        JsonNode policies = properties.path("Policies");
        assertThat(policies).as("one inline policy, nothing else").hasSize(1);
        JsonNode statements = policies.path(0).path("Statement");
        List<String> actions = new ArrayList<>();
        statements.forEach(st -> st.path("Action").forEach(a -> actions.add(a.asText())));
        assertThat(actions).containsExactlyInAnyOrder("chime:CreateSipMediaApplication",
                "chime:UpdateSipMediaApplication", "chime:DeleteSipMediaApplication",
                "chime:ListSipMediaApplications");
        // The watchdog answers CloudFormation the runner's margin before the function's end.
        assertThat(TEMPLATE.function(provider).timeout())
                .isGreaterThan(CustomResourceRunner.STANDARD_MARGIN.multipliedBy(4));
        assertThat(properties.path("SnapStart").path("ApplyOn").asText()).isEqualTo("None");
        assertThat(RAW.path("Resources").path(SMA).path("Properties").path("ServiceTimeout").asInt())
                .isGreaterThan((int) TEMPLATE.function(provider).timeout().toSeconds());
    }

    /** sam build cannot build a jar CodeUri (its Maven workflow wants a source folder): Maven builds them all. */
    @Test
    void everyFunction_isSkippedBySamBuild_sinceMavenBuildsItsJar() {
        for (String id : functionIds()) {
            assertThat(RAW.path("Resources").path(id).path("Metadata").path("SkipBuild").asBoolean(false)).as(id)
                    .isTrue();
        }
        assertThat(RAW.path("Resources").path("CordiulLayer").path("Properties").path("ContentUri").asText())
                .as("a .zip layer, which sam build never builds").endsWith(".zip");
    }

    @Test
    void everyAliasedFunction_publishesANewVersionOnAnyChange_theLayerIncluded() {
        for (String id : functionIds()) {
            assertThat(RAW.path("Resources").path(id).path("Properties").path("AutoPublishAliasAllProperties")
                    .asBoolean(false)).as(id).isTrue();
        }
    }

    @Test
    void everyApi_hasAnOpenApiVersion_soThatSamAddsNoImplicitStageStage() {
        JsonNode global = RAW.path("Globals").path("Api").path("OpenApiVersion");
        RAW.path("Resources").properties().forEach(r -> {
            if ("AWS::Serverless::Api".equals(r.getValue().path("Type").asText())) {
                JsonNode own = r.getValue().path("Properties").path("OpenApiVersion");
                assertThat((own.isMissingNode() ? global : own).isTextual()).as(r.getKey()).isTrue();
            }
        });
        assertThat(global.asText()).startsWith("3.");
    }

    @Test
    void theKeysAndCallsTables_outliveTheStack_andAnyReplacement() {
        for (String table : List.of("ApiKeysTable", "CallsTable")) {
            JsonNode resource = RAW.path("Resources").path(table);
            assertThat(resource.path("DeletionPolicy").asText()).as(table).isEqualTo("Retain");
            assertThat(resource.path("UpdateReplacePolicy").asText()).as(table).isEqualTo("Retain");
        }
    }

    private static JsonNode raw() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("template.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> functionIds() {
        return TEMPLATE.functions().stream().map(LambdaFunction::logicalId).toList();
    }
}
