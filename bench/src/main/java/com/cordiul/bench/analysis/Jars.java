package com.cordiul.bench.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** What a jar holds: its entries, its classes, and what lies outside a package. */
public final class Jars {

    private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/\\d+/");

    private Jars() {
    }

    /** The names of a jar's entries (directories end with {@code /}), in the jar's order. */
    public static List<String> entries(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> names = new ArrayList<>();
            for (ZipEntry entry : Collections.list(zip.entries())) {
                names.add(entry.getName());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + jar, e);
        }
    }

    /**
     * The binary names of the classes among entries ({@code a/b/C$D.class} is {@code a.b.C$D}), once each: a
     * multi-release jar's {@code META-INF/versions/N/} copies count as the class they replace; {@code module-info}
     * is no class.
     */
    public static Set<String> classNames(List<String> entries) {
        Set<String> names = new TreeSet<>();
        for (String entry : entries) {
            String name = VERSIONED.matcher(entry).replaceFirst("");
            if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
            }
        }
        return names;
    }

    /** The package directory of a class entry: {@code a/b/C.class} is {@code a/b/}. */
    public static String packageDir(String classEntry) {
        return classEntry.substring(0, classEntry.lastIndexOf('/') + 1);
    }

    /**
     * The entries that are neither in {@code packageDir} (or below it) nor under {@code META-INF/}; the directories
     * leading to {@code packageDir} ({@code a/}, {@code a/b/}) are not counted.
     */
    public static List<String> outside(List<String> entries, String packageDir) {
        List<String> outside = new ArrayList<>();
        for (String entry : entries) {
            boolean ownOrBelow = entry.startsWith(packageDir);
            boolean leadsThere = entry.endsWith("/") && packageDir.startsWith(entry);
            if (!ownOrBelow && !leadsThere && !entry.startsWith("META-INF/")) {
                outside.add(entry);
            }
        }
        return outside;
    }
}
