package com.cordiul.local.runner;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches request paths to the template's resources the way API Gateway walks its resource tree: segment by
 * segment, a literal segment wins over a {@code {param}}, which wins over a greedy {@code {proxy+}}. The resource is
 * chosen first; only then is the method looked at, so a wrong method on a known path is not routed elsewhere.
 */
final class Router {

    private final Map<String, List<Route>> byPath = new LinkedHashMap<>();

    Router(List<Route> routes) {
        for (Route route : routes) {
            String path = normalize(route.path());
            List<Route> same = byPath.computeIfAbsent(path, p -> new ArrayList<>());
            for (Route other : same) {
                if (other.method().equals(route.method())) {
                    throw new IllegalArgumentException("Two routes for " + route.method() + " " + path + ": "
                            + other.functionId() + " and " + route.functionId());
                }
            }
            same.add(route);
        }
    }

    /** The outcome of matching one request. */
    sealed interface Match permits Found, NoResource, NoMethod {
    }

    /** A route, with its path parameters decoded. */
    record Found(Route route, Map<String, String> pathParameters) implements Match {
    }

    /** No resource matches the path. */
    record NoResource() implements Match {
    }

    /** The resource exists but has no such method. */
    record NoMethod(String resourcePath) implements Match {
    }

    /** Matches a raw (still percent-encoded) request path and a method. */
    Match match(String method, String rawPath) {
        String[] segments = segments(normalize(rawPath));
        String best = null;
        int[] bestRank = null;
        for (String template : byPath.keySet()) {
            int[] rank = rank(segments(template), segments);
            if (rank != null && (bestRank == null || Arrays.compare(rank, bestRank) < 0)) {
                best = template;
                bestRank = rank;
            }
        }
        if (best == null) {
            return new NoResource();
        }
        for (Route route : byPath.get(best)) {
            if (route.accepts(method)) {
                return new Found(route, parameters(segments(best), segments));
            }
        }
        return new NoMethod(best);
    }

    /**
     * How well a template matches, as one rank per segment (0 literal, 1 parameter, 2 greedy; lower is better), or
     * null when it does not match.
     */
    private static int[] rank(String[] template, String[] path) {
        int[] rank = new int[Math.max(template.length, path.length)];
        for (int i = 0; i < template.length; i++) {
            String segment = template[i];
            if (isGreedy(segment)) {
                if (i != template.length - 1 || path.length <= i) {
                    return null;
                }
                Arrays.fill(rank, i, rank.length, 2);
                return rank;
            }
            if (i >= path.length) {
                return null;
            }
            if (isParameter(segment)) {
                if (path[i].isEmpty()) {
                    return null;
                }
                rank[i] = 1;
            } else if (!segment.equals(decode(path[i]))) {
                return null;
            }
        }
        return template.length == path.length ? rank : null;
    }

    private static Map<String, String> parameters(String[] template, String[] path) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String segment = template[i];
            if (isGreedy(segment)) {
                List<String> rest = new ArrayList<>();
                for (int j = i; j < path.length; j++) {
                    rest.add(decode(path[j]));
                }
                parameters.put(segment.substring(1, segment.length() - 2), String.join("/", rest));
            } else if (isParameter(segment)) {
                parameters.put(segment.substring(1, segment.length() - 1), decode(path[i]));
            }
        }
        return parameters;
    }

    /** The decoded form of a raw path, as API Gateway puts it in the event's {@code path}. */
    static String decodedPath(String rawPath) {
        String[] segments = rawPath.split("/", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(decode(segments[i]));
        }
        return out.toString();
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    private static boolean isGreedy(String segment) {
        return isParameter(segment) && segment.endsWith("+}");
    }

    private static String[] segments(String path) {
        return "/".equals(path) ? new String[0] : path.substring(1).split("/", -1);
    }

    private static String normalize(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
