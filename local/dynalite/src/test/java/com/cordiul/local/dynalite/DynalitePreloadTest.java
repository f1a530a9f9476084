package com.cordiul.local.dynalite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * dynalite 4.0.0 never closes the iterators behind its value streams (every Query and Scan leaks one); the preload
 * the launcher gives node closes them. The script reads two streams through dynalite's own store and counts.
 */
class DynalitePreloadTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final Path SCRIPT = ROOT.resolve("local/dynalite/src/test/node/iterators-closed.js");

    @Test
    void withThePreload_everyIteratorIsClosed_whetherTheStreamStoppedEarlyOrRanToItsEnd() throws Exception {
        assertThat(node(List.of("--require", ROOT.resolve(Dynalite.PRELOAD).toString()))).isEqualTo("closed 2 of 2");
    }

    /** If this fails after a dynalite upgrade, dynalite closes its iterators itself: the preload's part 2 can go. */
    @Test
    void withoutIt_dynalite400_leavesThemOpen() throws Exception {
        assertThat(node(List.of())).isEqualTo("closed 0 of 2");
    }

    @Test
    void theLauncher_runsNodeWithThePreload() {
        List<String> command = Dynalite.command(ROOT, 4567, null, List.of());
        assertThat(command).containsSubsequence("node", "--require", ROOT.resolve(Dynalite.PRELOAD).toString());
    }

    private static String node(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(options);
        command.add(SCRIPT.toString());
        Process node = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(out).isZero();
        return out;
    }
}
