package com.cordiul.local.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The custom resources' state outlives a restart, written whole after every change; a broken file says so. */
class StackStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static StackState.Recorded recorded(String physicalId, String name) {
        ObjectNode properties = JSON.createObjectNode().put("ServiceToken", "arn:fn").put("Name", name);
        return new StackState.Recorded("Custom::Thing", "Provider", physicalId, properties, Map.of("Id", physicalId));
    }

    @Test
    void whatWasRecorded_isReadBackByTheNextStart() {
        Path file = dir.resolve("state.json");
        StackState first = StackState.in(file);
        first.put("Base", recorded("base-1", "base"), ProviderRequest.CREATE, null);
        first.put("Base", recorded("base-2", "renamed"), ProviderRequest.UPDATE,
                new StackState.PendingDelete("Base", recorded("base-1", "base")));
        first.put("Top", recorded("top-1", "top"), ProviderRequest.CREATE, null);

        StackState second = StackState.in(file);
        assertThat(second.logicalIds()).containsExactly("Base", "Top");
        assertThat(second.get("Base")).hasValue(recorded("base-2", "renamed"));
        assertThat(second.pendingDeletes()).containsExactly(new StackState.PendingDelete("Base",
                recorded("base-1", "base")));

        second.settled(second.pendingDeletes().get(0));
        second.remove("Top");
        StackState third = StackState.in(file);
        assertThat(third.pendingDeletes()).isEmpty();
        assertThat(third.logicalIds()).containsExactly("Base");
        assertThat(dir.resolve("state.json.tmp")).doesNotExist();
    }

    @Test
    void inMemory_keepsNothingOnDisk() {
        StackState state = StackState.inMemory();
        state.put("Base", recorded("base-1", "base"), ProviderRequest.CREATE, null);
        assertThat(state.file()).isNull();
        assertThat(state.get("Base")).isPresent();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void anUnreadableFile_orAnotherStacksState_isRefused_sayingHowToStartOver() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{not json");
        assertThatThrownBy(() -> StackState.in(broken)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rm -rf .local");
        Path other = Files.writeString(dir.resolve("other.json"), "{\"StackId\":\"arn:other\",\"Resources\":{}}");
        assertThatThrownBy(() -> StackState.in(other)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not the state of the local stack");
    }
}
