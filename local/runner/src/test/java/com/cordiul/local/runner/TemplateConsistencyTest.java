package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.stack.LambdaFunction;
import com.cordiul.stack.Stack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** template.yaml agrees with the repository: modules, artifacts, handlers, routes, runtime. */
class TemplateConsistencyTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final Stack TEMPLATE = Stack.read(ROOT.resolve("template.yaml"));

    @Test
    void everyCodeUri_isTheJarOfAModuleOfTheBuild() throws IOException {
        String parentPom = Files.readString(ROOT.resolve("pom.xml"));
        for (LambdaFunction function : TEMPLATE.functions()) {
            String id = function.logicalId();
            Path codeUri = ROOT.relativize(function.codeUri());
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
        for (LambdaFunction function : TEMPLATE.functions()) {
            String id = function.logicalId();
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
        for (LambdaFunction function : TEMPLATE.functions()) {
            String id = function.logicalId();
            JsonNode own = root.path("Resources").path(id).path("Properties").path("Runtime");
            JsonNode runtime = own.isMissingNode() ? globalRuntime : own;
            assertThat(runtime.isTextual()).as(id + " Runtime is a string").isTrue();
            assertThat(runtime.asText()).as(id).isEqualTo("java17");
            assertThat(function.runtime()).as(id).isEqualTo("java17");
            assertThat(function.layers()).as(id).containsExactly(ROOT.resolve("layers/target/layer.zip"));
        }
        assertThat(ROOT.resolve("layers/pom.xml")).isRegularFile();
    }

    @Test
    void everyTableVariable_namesATableOfTheTemplate() {
        List<String> tables = com.cordiul.local.dynalite.TemplateTables.read(ROOT.resolve("template.yaml")).names();
        for (LambdaFunction function : TEMPLATE.functions()) {
            function.environment().forEach((name, value) -> {
                if (name.endsWith("_TABLE")) {
                    assertThat(tables).as(function.logicalId() + " " + name).contains(value);
                }
            });
        }
    }
}
