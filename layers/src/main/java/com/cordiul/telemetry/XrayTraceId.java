package com.cordiul.telemetry;

import com.cordiul.core.Environment;

/**
 * The X-Ray trace id of the running invocation. The Java runtime puts each invocation's trace header in the system
 * property {@value #PROPERTY} ({@code _X_AMZN_TRACE_ID} can only hold the first one's: a JVM cannot change its
 * environment); the id is the header's {@code Root}.
 */
final class XrayTraceId {

    /** Where the runtime puts the invocation's trace header. */
    static final String PROPERTY = "com.amazonaws.xray.traceHeader";
    /** Where Lambda puts it in the environment. */
    static final String VARIABLE = "_X_AMZN_TRACE_ID";

    private XrayTraceId() {
    }

    /** The current invocation's trace id, or null when there is no trace header. */
    static String current() {
        String header = System.getProperty(PROPERTY);
        if (header == null || header.isBlank()) {
            header = Environment.get(VARIABLE).orElse(null);
        }
        return header == null ? null : root(header);
    }

    /** {@code 1-5759e988-bd862e3fe1be46a994272793} of {@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=...}. */
    static String root(String header) {
        for (String part : header.split(";")) {
            String field = part.trim();
            if (field.startsWith("Root=") && field.length() > 5) {
                return field.substring(5);
            }
        }
        return null;
    }
}
