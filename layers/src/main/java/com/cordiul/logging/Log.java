package com.cordiul.logging;

import com.cordiul.core.Environment;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured JSON logs, one object per line on stdout (CloudWatch keeps each line as one event). Every line of an
 * invocation carries its {@link InvocationFields} ({@code function_request_id}, {@code cold_start},
 * {@code function_name}, {@code function_version}, {@code xray_trace_id}); on an API route also API Gateway's
 * request id, the owner and the key id of the request being served. Lines below the configured {@link LogLevel}
 * are not written. Callers must pass only values safe to log: phone numbers through {@link Redact#phone}, never a
 * key or a token.
 */
public final class Log {

    private static final int MAX_STACK_CHARS = 4000;
    private static final ThreadLocal<InvocationFields> INVOCATION = new ThreadLocal<>();
    private static final ThreadLocal<Map<String, String>> REQUEST = new ThreadLocal<>();
    private static final String FUNCTION = Environment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "local");
    private static final String VERSION = Environment.get("AWS_LAMBDA_FUNCTION_VERSION").orElse(null);
    private static volatile LogLevel level = LogLevel.fromEnvironment();
    private static volatile PrintStream out = System.out;

    private Log() {
    }

    /** Redirects the output; tests capture logs through it. */
    public static void redirect(PrintStream stream) {
        out = stream;
    }

    /** The level below which nothing is written. */
    public static LogLevel level() {
        return level;
    }

    /** For tests: another level than the environment's. */
    static void level(LogLevel configured) {
        level = configured;
    }

    /** Starts an invocation: its fields go on every line the thread writes until {@link #endInvocation}. */
    public static void beginInvocation(InvocationFields fields) {
        INVOCATION.set(fields);
        REQUEST.set(new LinkedHashMap<>());
    }

    /** The current invocation's fields, or null outside one. */
    public static InvocationFields invocation() {
        return INVOCATION.get();
    }

    /** Ends the invocation, and the request it served. */
    public static void endInvocation() {
        INVOCATION.remove();
        REQUEST.remove();
    }

    /** Starts the context of one API request: API Gateway's request id and the caller the authorizer named. */
    public static void begin(String requestId, Map<String, Object> authorizerContext) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("request_id", requestId);
        if (authorizerContext != null) {
            putIfString(context, "owner", authorizerContext.get("owner"));
            putIfString(context, "key_id", authorizerContext.get("key_id"));
        }
        REQUEST.set(context);
    }

    /** Adds a field to the current request's context (or the invocation's, outside a request). */
    public static void put(String key, String value) {
        Map<String, String> context = REQUEST.get();
        if (context == null && INVOCATION.get() != null) {
            context = new LinkedHashMap<>();
            REQUEST.set(context);
        }
        if (context != null && value != null) {
            context.put(key, value);
        }
    }

    /** The current request's fields (empty outside one). */
    public static Map<String, String> requestFields() {
        Map<String, String> context = REQUEST.get();
        return context == null ? Map.of() : Collections.unmodifiableMap(context);
    }

    /** Ends the context of the current request; the invocation's fields stay. */
    public static void end() {
        if (INVOCATION.get() != null) {
            REQUEST.set(new LinkedHashMap<>());
        } else {
            REQUEST.remove();
        }
    }

    /** A TRACE line with key-value pairs. */
    public static void trace(String message, Object... keyValues) {
        write(LogLevel.TRACE, message, null, keyValues);
    }

    /** A DEBUG line with key-value pairs. */
    public static void debug(String message, Object... keyValues) {
        write(LogLevel.DEBUG, message, null, keyValues);
    }

    /** An INFO line with key-value pairs. */
    public static void info(String message, Object... keyValues) {
        write(LogLevel.INFO, message, null, keyValues);
    }

    /** A WARN line with key-value pairs. */
    public static void warn(String message, Object... keyValues) {
        write(LogLevel.WARN, message, null, keyValues);
    }

    /** An ERROR line with the failure's type and stack, for operators only. */
    public static void error(String message, Throwable failure, Object... keyValues) {
        write(LogLevel.ERROR, message, failure, keyValues);
    }

    /**
     * Writes a finished JSON line as it is, whatever the level: the metrics documents, which CloudWatch reads
     * whatever the log level is.
     */
    public static void emit(String jsonLine) {
        out.println(jsonLine);
    }

    /** The fields that identify this invocation, in the order every line carries them. */
    public static Map<String, Object> identity() {
        Map<String, Object> line = new LinkedHashMap<>();
        InvocationFields invocation = INVOCATION.get();
        if (invocation == null) {
            line.put("function_name", FUNCTION);
            if (VERSION != null) {
                line.put("function_version", VERSION);
            }
            return line;
        }
        line.put("function_name", invocation.functionName() != null ? invocation.functionName() : FUNCTION);
        String version = invocation.functionVersion() != null ? invocation.functionVersion() : VERSION;
        if (version != null) {
            line.put("function_version", version);
        }
        if (invocation.functionRequestId() != null) {
            line.put("function_request_id", invocation.functionRequestId());
        }
        line.put("cold_start", invocation.coldStart());
        if (invocation.xrayTraceId() != null) {
            line.put("xray_trace_id", invocation.xrayTraceId());
        }
        return line;
    }

    private static void write(LogLevel lineLevel, String message, Throwable failure, Object... keyValues) {
        if (!level.admits(lineLevel)) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", lineLevel.name());
        line.put("message", message);
        line.putAll(identity());
        Map<String, String> context = REQUEST.get();
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
