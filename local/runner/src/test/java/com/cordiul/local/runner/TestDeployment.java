package com.cordiul.local.runner;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.cordiul.core.Environment;
import com.cordiul.local.runner.testfn.EchoHandler;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.joda.time.DateTime;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A small deployment for the runner's tests, laid out as SAM sees one: {@code template.yaml}, the function jar
 * {@code fn.jar} (the classes of {@code testfn}, packaged at test time) and the layer {@code layer.zip}
 * ({@code java/lib/*.jar}: aws-lambda-java-core and -events with joda-time, Jackson, and the Cordiul layer for
 * Environment).
 */
final class TestDeployment {

    private TestDeployment() {
    }

    /** Writes the deployment into {@code dir} and returns its template. */
    static Path create(Path dir) throws IOException {
        return create(dir, "/test-template.yaml");
    }

    /** Writes the deployment into {@code dir} with that template (a test resource) and returns it. */
    static Path create(Path dir, String templateResource) throws IOException {
        Path classes = location(EchoHandler.class);
        Path functionPackage = classes.resolve("com/cordiul/local/runner/testfn");
        try (OutputStream out = Files.newOutputStream(dir.resolve("fn.jar")); JarOutputStream jar =
                new JarOutputStream(out)) {
            addTree(jar, classes, functionPackage, "");
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve("layer.zip")); ZipOutputStream zip =
                new ZipOutputStream(out)) {
            for (Class<?> type : List.of(Context.class, APIGatewayProxyRequestEvent.class, ObjectMapper.class,
                    JsonFactory.class, JsonProperty.class, DateTime.class, Environment.class)) {
                Path location = location(type);
                String name = "java/lib/" + type.getSimpleName().toLowerCase() + ".jar";
                zip.putNextEntry(new ZipEntry(name));
                if (Files.isDirectory(location)) {
                    // The Cordiul layer is a class folder when the build stopped before packaging it.
                    JarOutputStream nested = new JarOutputStream(zip);
                    addTree(nested, location, location, "");
                    nested.finish();
                } else {
                    Files.copy(location, zip);
                }
                zip.closeEntry();
            }
        }
        Path template = dir.resolve("template.yaml");
        try (var in = TestDeployment.class.getResourceAsStream(templateResource)) {
            Files.write(template, in.readAllBytes());
        }
        return template;
    }

    private static void addTree(ZipOutputStream zip, Path root, Path from, String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(prefix + root.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
