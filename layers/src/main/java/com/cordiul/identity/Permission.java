package com.cordiul.identity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What an API key may do. A Clerk session holds all of them. */
public enum Permission {
    CALLS_READ("calls:read"),
    CALLS_WRITE("calls:write"),
    API_KEYS_READ("api_keys:read"),
    API_KEYS_WRITE("api_keys:write"),
    // Added after the first keys were issued: a stored key holds exactly the permissions it was given, so existing
    // keys do not gain these; a session holds them, and may grant them to new keys.
    WEBHOOKS_READ("webhooks:read"),
    WEBHOOKS_WRITE("webhooks:write");

    private final String value;

    Permission(String value) {
        this.value = value;
    }

    /** The wire name, e.g. {@code calls:read}. */
    public String value() {
        return value;
    }

    /** The permission with that wire name, if there is one. */
    public static Optional<Permission> fromValue(String value) {
        for (Permission p : values()) {
            if (p.value.equals(value)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Every permission, as the set a session holds. */
    public static Set<Permission> all() {
        return EnumSet.allOf(Permission.class);
    }

    /** The wire names of every permission, comma-separated, for error messages. */
    public static String allValues() {
        return Arrays.stream(values()).map(Permission::value).collect(Collectors.joining(", "));
    }

    /** Space-separated wire names, in declaration order: the form kept in the authorizer context and the store. */
    public static String encode(Set<Permission> permissions) {
        return Arrays.stream(values()).filter(permissions::contains).map(Permission::value)
                .collect(Collectors.joining(" "));
    }

    /** The inverse of {@link #encode}; unknown names are dropped, so a stale value can only lose rights. */
    public static Set<Permission> decode(String encoded) {
        EnumSet<Permission> result = EnumSet.noneOf(Permission.class);
        if (encoded != null) {
            for (String part : encoded.trim().split("[\\s,]+")) {
                fromValue(part).ifPresent(result::add);
            }
        }
        return result;
    }
}
