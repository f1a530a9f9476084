package com.cordiul.keys;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.identity.PermissionDeniedException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PermissionGrantsTest {

    private static final Caller KEY_MANAGER = new Caller("user_1", Optional.of("key_x"),
            Set.of(Permission.API_KEYS_WRITE, Permission.CALLS_READ));

    @Test
    void permissionsTheCallerHolds_canBeGranted() {
        assertThatCode(() -> PermissionGrants.requireGrantable(KEY_MANAGER,
                Set.of(Permission.CALLS_READ, Permission.API_KEYS_WRITE))).doesNotThrowAnyException();
    }

    @Test
    void aPermissionTheCallerLacks_cannotBeGranted_andIsNamed() {
        assertThatThrownBy(() -> PermissionGrants.requireGrantable(KEY_MANAGER,
                Set.of(Permission.CALLS_READ, Permission.CALLS_WRITE)))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("calls:write")
                .hasMessageNotContaining("calls:read");
    }

    @Test
    void aSession_canGrantEverything() {
        Caller session = new Caller("user_2", Optional.empty(), Permission.all());
        assertThatCode(() -> PermissionGrants.requireGrantable(session, Permission.all()))
                .doesNotThrowAnyException();
    }
}
