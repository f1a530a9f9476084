package com.cordiul.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layer's packages form no cycle: each one can be read, tested and changed with only the packages below it in
 * mind. Read from the compiled classes ({@link PackageGraph}), so a dependency hidden in a signature, a lambda or
 * a catch counts as much as an import.
 */
class PackageCyclesTest {

    private static final Path MAIN_CLASSES = Path.of("target", "classes");
    private static final Path TEST_CLASSES = Path.of("target", "test-classes");

    @Test
    void theLayersPackages_haveNoCycle() {
        PackageGraph graph = PackageGraph.read(MAIN_CLASSES, "com.cordiul.");

        assertThat(graph.packages()).as("the layer's packages were read").contains("com.cordiul.core",
                "com.cordiul.identity", "com.cordiul.api", "com.cordiul.wiring");
        assertThat(graph.cycles()).as("package cycles in the layer").isEmpty();
    }

    @Test
    void core_andTheIdentityPackage_useNoOtherPackageOfTheLayer() {
        PackageGraph graph = PackageGraph.read(MAIN_CLASSES, "com.cordiul.");

        assertThat(graph.uses("com.cordiul.core")).isEmpty();
        assertThat(graph.uses("com.cordiul.identity")).containsOnly("com.cordiul.core");
    }

    @Test
    void aPlantedCycle_isFound_withTheClassesThatMakeIt() {
        PackageGraph graph = PackageGraph.read(TEST_CLASSES, "com.cordiul.architecture.fixture.");

        List<String> cycles = graph.cycles();

        assertThat(cycles).singleElement().satisfies(cycle -> assertThat(cycle)
                .contains("[com.cordiul.architecture.fixture.left, com.cordiul.architecture.fixture.right]")
                .contains("fixture.left.Left -> com.cordiul.architecture.fixture.right.Right")
                .contains("fixture.right.Right -> com.cordiul.architecture.fixture.left.Left")
                .doesNotContain("bottom"));
        assertThat(graph.uses("com.cordiul.architecture.fixture.left"))
                .contains("com.cordiul.architecture.fixture.bottom");
    }
}
