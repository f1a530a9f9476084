package com.cordiul.e2e;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * A YAML document as a strict YAML 1.1 tool reads it: SnakeYAML 1.20 (copied aside by the build, see the pom),
 * loaded in a class loader of its own because Jackson needs SnakeYAML 2 on the test classpath. 1.20 is the last
 * release that refuses a ':' inside a plain scalar of a flow collection ({@code [calls:read]}), as PyYAML did
 * before 5.1 and as the tools built on them still do; its resolver is YAML 1.1's ({@code yes}/{@code on} are
 * booleans, {@code 1:30} is a number, {@code 2024-01-09} a date).
 */
final class StrictYaml11 {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StrictYaml11() {
    }

    /** The document as JSON, or an {@link AssertionError} carrying the parser's own complaint. */
    static JsonNode read(Path file) {
        Path jar = RepositoryRoot.find().resolve("e2e/target/strict-yaml/snakeyaml-yaml11.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: the e2e build copies it (generate-test-resources)");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> constructor = loader.loadClass("org.yaml.snakeyaml.constructor.SafeConstructor");
            Class<?> yamlType = loader.loadClass("org.yaml.snakeyaml.Yaml");
            Object yaml = yamlType.getConstructor(loader.loadClass("org.yaml.snakeyaml.constructor.BaseConstructor"))
                    .newInstance(constructor.getConstructor().newInstance());
            Object document = yamlType.getMethod("load", String.class).invoke(yaml, Files.readString(file));
            return JSON.valueToTree(document);
        } catch (InvocationTargetException e) {
            throw new AssertionError("A strict YAML 1.1 parser refuses " + file.getFileName() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SnakeYAML 1.20's API was not found in " + jar, e);
        }
    }

    /** Every JSON pointer at which two documents differ (a value of another type or content, a key or item more). */
    static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> found = new ArrayList<>();
        compare("", expected, actual, found);
        return found;
    }

    private static void compare(String at, JsonNode expected, JsonNode actual, List<String> found) {
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = at + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!expected.has(name) || !actual.has(name)) {
                    found.add(child + ": only in the " + (expected.has(name) ? "first" : "second") + " reading");
                } else {
                    compare(child, expected.get(name), actual.get(name), found);
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            Iterator<JsonNode> a = expected.elements();
            Iterator<JsonNode> b = actual.elements();
            for (int i = 0; a.hasNext(); i++) {
                compare(at + "/" + i, a.next(), b.next(), found);
            }
        } else if (!sameScalar(expected, actual)) {
            found.add(at + ": " + describe(expected) + " vs " + describe(actual));
        }
    }

    private static boolean sameScalar(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String describe(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + node;
    }

    /** For a readable failure: the first few differences only. */
    static String summary(List<String> differences) {
        return String.join("\n", differences.subList(0, Math.min(20, differences.size())))
                + (differences.size() > 20 ? "\n... " + (differences.size() - 20) + " more" : "");
    }
}
