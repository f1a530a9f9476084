package com.cordiul.logging;

import com.cordiul.core.Environment;
import java.util.Locale;

/**
 * The levels of Lambda's advanced logging controls, lowest first. The function writes a line only at or above the
 * level in {@code AWS_LAMBDA_LOG_LEVEL}, which Lambda sets from the function's {@code LoggingConfig}
 * ({@code ApplicationLogLevel}, with the JSON log format); without it, or with a value it does not know, INFO.
 */
public enum LogLevel {
    /** Finer than DEBUG. */
    TRACE,
    /** Detail for a developer. */
    DEBUG,
    /** What happened to each request: the default. */
    INFO,
    /** Something went wrong and was handled. */
    WARN,
    /** A fault: the request or the event failed. */
    ERROR,
    /** The function cannot go on. */
    FATAL;

    /** The variable Lambda sets from {@code LoggingConfig.ApplicationLogLevel}. */
    public static final String VARIABLE = "AWS_LAMBDA_LOG_LEVEL";

    /** The level the environment asks for. */
    public static LogLevel fromEnvironment() {
        return parse(Environment.get(VARIABLE).orElse(null));
    }

    /** The level a name stands for, in any case; INFO for null or an unknown name. */
    public static LogLevel parse(String name) {
        if (name != null) {
            String wanted = name.trim().toUpperCase(Locale.ROOT);
            for (LogLevel level : values()) {
                if (level.name().equals(wanted)) {
                    return level;
                }
            }
            if (wanted.equals("WARNING")) {
                return WARN;
            }
        }
        return INFO;
    }

    /** Whether a line of {@code level} is written when this is the configured level. */
    public boolean admits(LogLevel level) {
        return level.ordinal() >= ordinal();
    }
}
