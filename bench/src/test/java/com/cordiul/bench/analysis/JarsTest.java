package com.cordiul.bench.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarsTest {

    @Test
    void classNames_countEachClassOnce_evenWithMultiReleaseCopies_andNoModuleInfo() {
        assertThat(Jars.classNames(List.of("a/", "a/A.class", "a/A$Inner.class", "a/res.properties",
                "module-info.class", "META-INF/versions/9/module-info.class", "META-INF/versions/11/a/A.class",
                "META-INF/MANIFEST.MF"))).containsExactly("a.A", "a.A$Inner");
    }

    @Test
    void artifactHoldingOnlyItsPackageAndMetaInf_hasNothingOutside() {
        List<String> entries = List.of("META-INF/", "META-INF/MANIFEST.MF", "com/", "com/cordiul/",
                "com/cordiul/fn/", "com/cordiul/fn/getcall/", "com/cordiul/fn/getcall/GetCallHandler.class",
                "com/cordiul/fn/getcall/sub/Helper.class", "META-INF/maven/x/pom.xml");

        assertThat(Jars.outside(entries, "com/cordiul/fn/getcall/")).isEmpty();
    }

    @Test
    void entriesOfOtherPackages_andStrayFiles_areOutside() {
        List<String> entries = List.of("com/", "com/cordiul/", "com/cordiul/core/", "com/cordiul/core/Json.class",
                "com/cordiul/fn/getcall/GetCallHandler.class", "com/cordiul/fn/getcallx/Other.class",
                "log4j2.xml", "org/");

        assertThat(Jars.outside(entries, "com/cordiul/fn/getcall/")).containsExactly("com/cordiul/core/",
                "com/cordiul/core/Json.class", "com/cordiul/fn/getcallx/Other.class", "log4j2.xml", "org/");
    }

    @Test
    void packageDir_isTheDirectoryOfTheClassEntry() {
        assertThat(Jars.packageDir("com/cordiul/fn/getcall/GetCallHandler.class")).isEqualTo("com/cordiul/fn/getcall/");
        assertThat(Jars.packageDir("Top.class")).isEmpty();
    }

    @Test
    void entries_listAJarInItsOrder(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("x.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("META-INF/MANIFEST.MF", "a/", "a/A.class")) {
                zip.putNextEntry(new ZipEntry(name));
                zip.closeEntry();
            }
        }

        assertThat(Jars.entries(jar)).containsExactly("META-INF/MANIFEST.MF", "a/", "a/A.class");
    }
}
