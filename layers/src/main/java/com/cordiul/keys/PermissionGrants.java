package com.cordiul.keys;

import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.identity.PermissionDeniedException;
import java.util.EnumSet;
import java.util.Set;

/** Who may hand out which permissions: a caller can grant a new key only permissions it holds itself. */
public final class PermissionGrants {

    private PermissionGrants() {
    }

    /** Throws, naming what is missing, unless the caller holds every requested permission. */
    public static void requireGrantable(Caller caller, Set<Permission> requested) {
        Set<Permission> missing = requested.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(requested);
        missing.removeAll(caller.permissions());
        if (!missing.isEmpty()) {
            throw new PermissionDeniedException("A key can only be given permissions its creator holds; this "
                    + "credential lacks " + String.join(", ", ApiKeyView.wireNames(missing)) + ".");
        }
    }
}
