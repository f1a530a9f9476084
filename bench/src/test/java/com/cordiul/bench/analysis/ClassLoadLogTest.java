package com.cordiul.bench.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.bench.analysis.ClassLoadLog.Load;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassLoadLogTest {

    @Test
    void classLoadLine_givesTheClassAndItsSource() {
        assertThat(ClassLoadLog.parse("[0.097s][info][class,load] com.cordiul.core.Json$1 source: "
                + "file:/w/opt/java/lib/cordiul-layer.jar"))
                .hasValue(new Load("com.cordiul.core.Json$1", "file:/w/opt/java/lib/cordiul-layer.jar"));
        assertThat(ClassLoadLog.parse("[0.012s][info][class,load] java.lang.Object source: shared objects file"))
                .hasValue(new Load("java.lang.Object", "shared objects file"));
    }

    @Test
    void otherLines_areNoLoads() {
        assertThat(ClassLoadLog.parse("")).isEmpty();
        assertThat(ClassLoadLog.parse("[0.2s][info][gc] Using Serial")).isEmpty();
    }

    @Test
    void onlyJarSources_nameAJar() {
        assertThat(ClassLoadLog.jarOf("file:/w/lib/a-1.0.jar")).hasValue(Path.of("/w/lib/a-1.0.jar"));
        assertThat(ClassLoadLog.jarOf("jar:file:/w/lib/b.jar!/")).hasValue(Path.of("/w/lib/b.jar"));
        assertThat(ClassLoadLog.jarOf("file:/w/task/get-call-1a2b/")).isEmpty();
        assertThat(ClassLoadLog.jarOf("jrt:/java.base")).isEmpty();
        assertThat(ClassLoadLog.jarOf("shared objects file")).isEmpty();
        assertThat(ClassLoadLog.jarOf("__JVM_LookupDefineClass__")).isEmpty();
    }

    @Test
    void byJar_groupsTheClassesOfEachJar_once() {
        List<String> lines = List.of(
                "[0.05s][info][class,load] java.lang.String source: jrt:/java.base",
                "[0.06s][info][class,load] a.A source: file:/w/lib/a.jar",
                "[0.07s][info][class,load] a.A$1 source: file:/w/lib/a.jar",
                "[0.08s][info][class,load] b.B source: file:/w/lib/b.jar",
                "[0.09s][info][class,load] a.A source: file:/w/lib/a.jar",
                "[0.10s][info][class,load] fn.Handler source: file:/w/task/fn/");

        Map<Path, Set<String>> loaded = ClassLoadLog.byJar(lines);

        assertThat(loaded).containsOnlyKeys(Path.of("/w/lib/a.jar"), Path.of("/w/lib/b.jar"));
        assertThat(loaded.get(Path.of("/w/lib/a.jar"))).containsExactly("a.A", "a.A$1");
        assertThat(loaded.get(Path.of("/w/lib/b.jar"))).containsExactly("b.B");
    }
}
