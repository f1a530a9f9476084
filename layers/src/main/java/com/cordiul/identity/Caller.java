package com.cordiul.identity;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, as the authorizer established it and handed it over in the request context.
 *
 * @param owner the account the caller acts for: the key's owner, or the Clerk session's subject
 * @param keyId the API key's id, or empty for a Clerk session
 * @param permissions what the caller may do
 */
public record Caller(String owner, Optional<String> keyId, Set<Permission> permissions) {

    /** Context keys the authorizer sets; API Gateway passes them on as strings. */
    public static final String OWNER = "owner";
    public static final String KEY_ID = "key_id";
    public static final String PERMISSIONS = "permissions";

    public Caller {
        permissions = Set.copyOf(permissions);
    }

    /** The authorizer context's entries for this caller (all values strings, as API Gateway requires). */
    public Map<String, Object> toContext() {
        return Map.of(OWNER, owner, KEY_ID, keyId.orElse(""), PERMISSIONS, Permission.encode(permissions));
    }

    /** Reads the caller back from the context API Gateway gives a proxied function. */
    public static Caller fromContext(Map<String, Object> context) {
        if (context == null || !(context.get(OWNER) instanceof String owner) || owner.isEmpty()) {
            // Only reachable if a route was deployed without the authorizer: refuse rather than guess.
            throw new UnauthenticatedException("Missing or invalid API key.");
        }
        Object keyId = context.get(KEY_ID);
        Optional<String> key = keyId instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
        Object permissions = context.get(PERMISSIONS);
        return new Caller(owner, key, Permission.decode(permissions == null ? null : permissions.toString()));
    }

    /** Throws unless the caller holds the permission. */
    public void require(Permission permission) {
        if (!permissions.contains(permission)) {
            throw new PermissionDeniedException("This API key lacks the '" + permission.value()
                    + "' permission this operation needs.");
        }
    }
}
