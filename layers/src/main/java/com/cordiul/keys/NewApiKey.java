package com.cordiul.keys;

import com.cordiul.core.FreeText;
import com.cordiul.identity.Permission;
import com.cordiul.core.InvalidRequestException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated request for a new key: the body of {@code POST /api/api-keys}, or the operator command's arguments.
 *
 * @param name the label exactly as sent: 1 to 100 code points of visible text ({@link FreeText})
 * @param permissions at least one permission; duplicates collapsed
 */
public record NewApiKey(String name, Set<Permission> permissions) {

    /** Longest accepted name, in characters (code points). */
    public static final int MAX_NAME_LENGTH = 100;

    /** What a key may do when the request names no permissions. */
    public static final Set<Permission> DEFAULT_PERMISSIONS = Set.of(Permission.CALLS_READ, Permission.CALLS_WRITE);

    private static final String NAME = "name";
    private static final FreeText NAME_RULE = FreeText.singleLine(NAME, MAX_NAME_LENGTH);
    private static final String PERMISSIONS = "permissions";
    private static final int MAX_ECHO = 40;

    public NewApiKey {
        if (permissions.isEmpty()) {
            throw new IllegalArgumentException("A key needs at least one permission");
        }
        permissions = Set.copyOf(permissions);
    }

    /** Reads and validates a request body; every refusal names the field at fault. */
    public static NewApiKey fromJson(Map<String, Object> body) {
        for (String field : body.keySet()) {
            if (!field.equals(NAME) && !field.equals(PERMISSIONS)) {
                throw new InvalidRequestException(field, "Unknown field '" + echo(field)
                        + "'; the allowed fields are 'name' and 'permissions'.");
            }
        }
        if (!body.containsKey(NAME)) {
            throw new InvalidRequestException(NAME, "Field 'name' is required.");
        }
        if (!(body.get(NAME) instanceof String name)) {
            throw new InvalidRequestException(NAME, "Field 'name' must be a string.");
        }
        if (!body.containsKey(PERMISSIONS)) {
            return new NewApiKey(validName(name), DEFAULT_PERMISSIONS);
        }
        // An explicit null is refused rather than read as "default": a typo must not silently grant anything.
        if (!(body.get(PERMISSIONS) instanceof List<?> permissions)) {
            throw new InvalidRequestException(PERMISSIONS, "Field 'permissions' must be an array of strings.");
        }
        List<String> values = new ArrayList<>();
        for (Object element : permissions) {
            if (!(element instanceof String value)) {
                throw new InvalidRequestException(PERMISSIONS, "Field 'permissions' must be an array of strings.");
            }
            values.add(value);
        }
        return of(name, values);
    }

    /** Validates a name and permission wire names given as plain values (the operator command's path). */
    public static NewApiKey of(String name, List<String> permissions) {
        return new NewApiKey(validName(name), validPermissions(permissions));
    }

    private static String validName(String name) {
        return NAME_RULE.require(name);
    }

    private static Set<Permission> validPermissions(List<String> values) {
        if (values.isEmpty()) {
            throw new InvalidRequestException(PERMISSIONS, "Field 'permissions' must name at least one permission; "
                    + "valid permissions are " + Permission.allValues() + ".");
        }
        Set<Permission> result = EnumSet.noneOf(Permission.class);
        for (String value : values) {
            Permission permission = Permission.fromValue(value).orElseThrow(() -> new InvalidRequestException(
                    PERMISSIONS, "Unknown permission '" + echo(value) + "' in 'permissions'; valid permissions are "
                    + Permission.allValues() + "."));
            result.add(permission);
        }
        return result;
    }

    private static String echo(String value) {
        return value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "...";
    }
}
