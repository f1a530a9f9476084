package com.cordiul.logging;

import com.cordiul.core.Environment;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured JSON logs, one object per line on stdout (CloudWatch keeps each line as one event). Every line carries
 * the request id, owner and key id of the request being served. Callers must pass only values safe to log: phone
 * numbers through {@link Redact#phone}, never a key or a token.
 */
public final class Log {

    private static final int MAX_STACK_CHARS = 4000;
    private static final ThreadLocal<Map<String, String>> CONTEXT = new ThreadLocal<>();
    private static final String FUNCTION = Environment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "local");
    private static volatile PrintStream out = System.out;

    private Log() {
    }

    /** Redirects the output; tests capture logs through it. */
    public static void redirect(PrintStream stream) {
        out = stream;
    }

    /** Starts the context of one request. */
    public static void begin(String requestId, Map<String, Object> authorizerContext) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("request_id", requestId);
        if (authorizerContext != null) {
            putIfString(context, "owner", authorizerContext.get("owner"));
            putIfString(context, "key_id", authorizerContext.get("key_id"));
        }
        CONTEXT.set(context);
    }

    /** Adds a field to the current request's context. */
    public static void put(String key, String value) {
        Map<String, String> context = CONTEXT.get();
        if (context != null && value != null) {
            context.put(key, value);
        }
    }

    /** Ends the context of the current request. */
    public static void end() {
        CONTEXT.remove();
    }

    /** An INFO line with key-value pairs. */
    public static void info(String message, Object... keyValues) {
        write("INFO", message, null, keyValues);
    }

    /** A WARN line with key-value pairs. */
    public static void warn(String message, Object... keyValues) {
        write("WARN", message, null, keyValues);
    }

    /** An ERROR line with the failure's type and stack, for operators only. */
    public static void error(String message, Throwable failure, Object... keyValues) {
        write("ERROR", message, failure, keyValues);
    }

    private static void write(String level, String message, Throwable failure, Object... keyValues) {
        Map<String, String> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("message", message);
        line.put("function", FUNCTION);
        Map<String, String> context = CONTEXT.get();
        if (context != null) {
            line.putAll(context);
        }
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            line.put(String.valueOf(keyValues[i]), value == null ? null : value.toString());
        }
        if (failure != null) {
            line.put("error_type", failure.getClass().getName());
            StringWriter stack = new StringWriter();
            failure.printStackTrace(new PrintWriter(stack));
            // Enough to find the fault; a whole SDK stack would cost more log ingestion than it tells.
            String text = stack.toString();
            line.put("stack", text.length() > MAX_STACK_CHARS ? text.substring(0, MAX_STACK_CHARS) + "..." : text);
        }
        out.println(JsonLine.of(line));
    }

    private static void putIfString(Map<String, String> node, String key, Object value) {
        if (value instanceof String s && !s.isEmpty()) {
            node.put(key, s);
        }
    }
}
