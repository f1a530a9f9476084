package com.cordiul.local.runner;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the gateway sees it, before routing.
 *
 * @param requestId API Gateway's request id: a fresh UUID
 * @param method    the HTTP method
 * @param rawPath   the path as sent, still percent-encoded
 * @param headers   headers by canonical name ({@code Content-Type}), every value in order
 * @param query     query parameters, decoded, every value in order
 * @param body      the body bytes (empty when none)
 * @param sourceIp  the client's address
 * @param time      when it arrived
 */
record IncomingRequest(String requestId, String method, String rawPath, Map<String, List<String>> headers,
                       Map<String, List<String>> query, byte[] body, String sourceIp, Instant time) {

    /** The last value of a header, looked up without regard to case (API Gateway keeps the last one). */
    String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(e.getValue().size() - 1);
            }
        }
        return null;
    }

    /** The decoded path, as in the event's {@code path}. */
    String path() {
        return Router.decodedPath(rawPath);
    }

    /** Parses a raw query string as API Gateway does: {@code a=1&a=2&b} gives a: [1, 2], b: [""]. */
    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return query;
    }

    /** {@code content-type} becomes {@code Content-Type}: the JDK server lower-cases what clients send. */
    static String canonicalHeader(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '-';
        }
        return out.toString();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
