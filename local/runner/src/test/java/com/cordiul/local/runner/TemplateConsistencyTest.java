package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.provisioning.CustomResourceRunner;
import com.cordiul.stack.LambdaFunction;
import com.cordiul.stack.Stack;
import com.cordiul.telemetry.Metric;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    @Test
    void everyFunction_logsToALogGroupOfItsOwn_declaredWithTheRetentionParameter() {
        assertThat(RAW.path("Parameters").path("LogRetentionInDays").path("Default").asInt()).isEqualTo(30);
        JsonNode global = RAW.path("Globals").path("Function").path("LoggingConfig");
        assertThat(global.path("LogFormat").asText()).isEqualTo("JSON");
        assertThat(global.path("ApplicationLogLevel").path("Ref").asText()).isEqualTo("LogLevel");
        Set<String> groups = new HashSet<>();
        for (String id : functionIds()) {
            String group = RAW.path("Resources").path(id).path("Properties").path("LoggingConfig").path("LogGroup")
                    .path("Ref").asText();
            JsonNode resource = RAW.path("Resources").path(group);
            assertThat(resource.path("Type").asText()).as(id + " logs to " + group).isEqualTo("AWS::Logs::LogGroup");
            assertThat(resource.path("Properties").path("RetentionInDays").path("Ref").asText()).as(group)
                    .isEqualTo("LogRetentionInDays");
            assertThat(groups.add(group)).as(group + " is " + id + "'s alone").isTrue();
            LambdaFunction function = TEMPLATE.functions().stream().filter(f -> f.logicalId().equals(id))
                    .findFirst().orElseThrow();
            assertThat(LocalStack.environment(function, java.net.URI.create("http://127.0.0.1:1"), null))
                    .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/cordiul-local/" + id)
                    .containsEntry("AWS_LAMBDA_LOG_FORMAT", "JSON").containsEntry("AWS_LAMBDA_LOG_LEVEL", "INFO");
        }
    }

    @Test
    void everyFunction_hasAnErrorsAlarmAndAThrottlesAlarm_andEveryAlarmNotifiesAndSaysWhatToDo() {
        Map<String, Set<String>> watched = new HashMap<>();
        RAW.path("Resources").properties().forEach(r -> {
            if (!"AWS::CloudWatch::Alarm".equals(r.getValue().path("Type").asText())) {
                return;
            }
            JsonNode alarm = r.getValue().path("Properties");
            assertThat(alarm.path("AlarmDescription").asText()).as(r.getKey()).hasSizeGreaterThan(80);
            assertThat(alarm.path("AlarmActions").size()).as(r.getKey()).isEqualTo(1);
            assertThat(alarm.path("OKActions").size()).as(r.getKey()).isEqualTo(1);
            List<JsonNode> metrics = new ArrayList<>();
            if (alarm.has("MetricName")) {
                metrics.add(alarm);
            }
            alarm.path("Metrics").forEach(q -> metrics.add(q.path("MetricStat").path("Metric")));
            for (JsonNode metric : metrics) {
                if (!"AWS/Lambda".equals(metric.path("Namespace").asText())) {
                    continue;
                }
                metric.path("Dimensions").forEach(d -> watched.computeIfAbsent(d.path("Value").path("Ref").asText(),
                        k -> new HashSet<>()).add(metric.path("MetricName").asText()));
            }
        });
        for (String id : functionIds()) {
            assertThat(watched.get(id)).as(id).contains("Errors", "Throttles");
        }
    }

    @Test
    void everyMetricTheAlarmsAndTheDashboardName_isOneTheFunctionsEmit_withItsDimension() throws IOException {
        List<String> named = new ArrayList<>();
        RAW.path("Resources").properties().forEach(r -> {
            JsonNode alarm = r.getValue().path("Properties");
            if (!"AWS::CloudWatch::Alarm".equals(r.getValue().path("Type").asText())) {
                return;
            }
            List<JsonNode> metrics = new ArrayList<>();
            if (alarm.has("MetricName")) {
                metrics.add(alarm);
            }
            alarm.path("Metrics").forEach(q -> metrics.add(q.path("MetricStat").path("Metric")));
            for (JsonNode metric : metrics) {
                if (metric.path("Namespace").has("Fn::If")) {
                    String dims = metric.path("Dimensions").isMissingNode() ? ""
                            : metric.path("Dimensions").get(0).path("Name").asText() + "="
                            + metric.path("Dimensions").get(0).path("Value").asText();
                    named.add(metric.path("MetricName").asText() + (dims.isEmpty() ? "" : " " + dims));
                }
            }
        });
        JsonNode dashboard = dashboard();
        for (JsonNode widget : dashboard.path("widgets")) {
            for (JsonNode line : widget.path("properties").path("metrics")) {
                if ("NAMESPACE".equals(line.get(0).asText())) {
                    String dims = line.size() > 3 && line.get(2).isTextual()
                            ? " " + line.get(2).asText() + "=" + line.get(3).asText() : "";
                    named.add(line.get(1).asText() + dims);
                }
            }
        }
        assertThat(named).hasSizeGreaterThan(20);
        for (String entry : named) {
            String[] parts = entry.split(" ", 2);
            Metric metric = Metric.named(parts[0]).orElseThrow(() -> new AssertionError(entry + " is not emitted"));
            if (parts.length == 1) {
                assertThat(metric.dimension()).as(entry).isEmpty();
            } else {
                String[] dimension = parts[1].split("=", 2);
                assertThat(metric.dimension()).as(entry).contains(dimension[0]);
                assertThat(metric.dimensionValues()).as(entry).contains(dimension[1]);
            }
        }
        for (Metric metric : Metric.values()) {
            assertThat(named).as("the dashboard shows " + metric).anySatisfy(n -> assertThat(n.split(" ")[0])
                    .isEqualTo(metric.metricName()));
        }
    }

    @Test
    void theDashboard_showsEveryFunctionAndEveryAlarm() throws IOException {
        String body = dashboard().toString();
        for (String id : functionIds()) {
            assertThat(body).as(id).contains("\"REF:" + id + "\"", "REF:" + id + "LogGroup");
        }
        RAW.path("Resources").properties().forEach(r -> {
            if ("AWS::CloudWatch::Alarm".equals(r.getValue().path("Type").asText())) {
                assertThat(body).as(r.getKey()).contains("\"REF:" + r.getKey() + ".Arn\"");
            }
        });
    }

    /** The dashboard's body with every ${...} of its Fn::Sub replaced (REF:name, NAMESPACE), parsed. */
    private static JsonNode dashboard() throws IOException {
        JsonNode sub = RAW.path("Resources").path("OperationsDashboard").path("Properties").path("DashboardBody")
                .path("Fn::Sub");
        String text = sub.get(0).asText().replace("${Namespace}", "NAMESPACE");
        Matcher variable = Pattern.compile("\\$\\{([^}]+)}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            variable.appendReplacement(out, Matcher.quoteReplacement("REF:" + variable.group(1)));
        }
        variable.appendTail(out);
        return new ObjectMapper().readTree(out.toString());
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
