package com.cordiul.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.sandbox.FunctionPackage;
import com.cordiul.bench.scenario.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapStartReportTest {

    @TempDir
    Path dir;

    @Test
    void table_showsMediansAndDeltas_ofBothModes() {
        SnapStartBench.Row row = row("get-call");
        row.onDemand.add(new SnapStartBench.OnDemand(600, 300, "200"));
        row.onDemand.add(new SnapStartBench.OnDemand(700, 320, "200"));
        row.onDemand.add(new SnapStartBench.OnDemand(650, 310, "200"));
        row.restored.add(new SnapStartBench.Restored(1000, 60, 40, 3, 170 * 1024, 1, "200"));
        row.restored.add(new SnapStartBench.Restored(1100, 50, 30, 2, 171 * 1024, 1, "200"));
        row.restored.add(new SnapStartBench.Restored(1050, 70, 50, 4, 172 * 1024, 1, "200"));

        String table = new SnapStartReport(List.of(), 3, "1.0 1.0 1.0", List.of(row)).table();

        assertThat(table).contains("| **get-call** | 650 | 1050 | +400 | 310 | 60 (50–70) | 40 | 3.0 | -250 "
                + "| 171 MB | 1 | 200×3; 200×3 |");
    }

    @Test
    void writeInto_replacesOnlyItsOwnSection() throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "intro\n" + SnapStartReport.START + "\nstale section\n" + SnapStartReport.END
                + "\noutro\n");
        SnapStartBench.Row failed = row("create-call");
        failed.failure = "IllegalStateException: boom";

        new SnapStartReport(List.of("--runs", "1"), 1, "1.0 1.0 1.0", List.of(failed)).writeInto(readme);

        String text = Files.readString(readme);
        assertThat(text).startsWith("intro\n" + SnapStartReport.START).endsWith(SnapStartReport.END + "\noutro\n")
                .doesNotContain("stale section").contains("`bench/snapstart --runs 1`")
                .contains("IllegalStateException: boom");
    }

    private static SnapStartBench.Row row(String name) {
        FunctionPackage fn = new FunctionPackage(name, "x.Handler::handleRequest", Path.of("x.jar"), List.of(),
                Map.of(), 1024, 15);
        return new SnapStartBench.Row(new Target(name, Target.Kind.FUNCTION, fn, Scenarios.baseline(),
                Optional.empty(), false));
    }
}
