package com.cordiul.ratelimit;

import com.cordiul.core.CordiulException;
import com.cordiul.core.RetryAfter;
import java.util.Map;

/** The caller has sent more requests than its limit allows in the current window. */
public final class RateLimitedException extends CordiulException implements RetryAfter {

    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;
    private final transient Map<String, String> headers;

    public RateLimitedException(String message, int retryAfterSeconds) {
        this(message, retryAfterSeconds, Map.of());
    }

    public RateLimitedException(String message, int retryAfterSeconds, Map<String, String> headers) {
        super("rate_limited", message);
        this.retryAfterSeconds = retryAfterSeconds;
        this.headers = Map.copyOf(headers);
    }

    @Override
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The rate-limit headers that tell the client where it stands. */
    public Map<String, String> headers() {
        return headers;
    }
}
