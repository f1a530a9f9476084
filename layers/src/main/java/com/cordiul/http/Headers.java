package com.cordiul.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Case-insensitive header look-up over API Gateway's single- and multi-value header maps. */
public final class Headers {

    private Headers() {
    }

    /** The first value of a header, looked up without regard to case. */
    public static Optional<String> first(Map<String, String> single, Map<String, List<String>> multi, String name) {
        if (single != null) {
            for (Map.Entry<String, String> e : single.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
                    return Optional.of(e.getValue());
                }
            }
        }
        if (multi != null) {
            for (Map.Entry<String, List<String>> e : multi.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null
                        && !e.getValue().isEmpty()) {
                    return Optional.ofNullable(e.getValue().get(0));
                }
            }
        }
        return Optional.empty();
    }

    /** Every value of a header across both maps (a header sent twice is a trick worth noticing). */
    public static List<String> all(Map<String, String> single, Map<String, List<String>> multi, String name) {
        java.util.LinkedHashSet<String> values = new java.util.LinkedHashSet<>();
        if (multi != null) {
            multi.forEach((k, v) -> {
                if (k != null && k.equalsIgnoreCase(name) && v != null) {
                    v.stream().filter(java.util.Objects::nonNull).forEach(values::add);
                }
            });
        }
        if (single != null) {
            single.forEach((k, v) -> {
                if (k != null && k.equalsIgnoreCase(name) && v != null) {
                    values.add(v);
                }
            });
        }
        return List.copyOf(values);
    }
}
