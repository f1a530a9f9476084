package com.cordiul.auth;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.identity.UnauthenticatedException;
import com.cordiul.telemetry.Metric;
import com.cordiul.telemetry.Metrics;

/**
 * What the authorizer decided for one request, as the {@link Metric#AUTHORIZER_OUTCOMES} metric counts it. API
 * Gateway answers a deny and an invalid checksum 401, a store failure and an error 503 (its
 * {@code AUTHORIZER_FAILURE} response): those two are the authorizer failures an operator is woken for.
 */
public enum AuthorizerOutcome {
    /** A valid key or session: an Allow policy. */
    ALLOW("allow"),
    /** No credential, or an unknown, revoked, expired or ambiguous one. */
    DENY("deny"),
    /** An API key refused on its form or checksum, without a read. */
    INVALID_CHECKSUM("invalid_checksum"),
    /** The keys table could not be read. */
    STORE_FAILURE("store_failure"),
    /** Anything else: a fault of ours. */
    ERROR("error");

    private final String value;

    AuthorizerOutcome(String value) {
        this.value = value;
    }

    /** The outcome's dimension value. */
    public String value() {
        return value;
    }

    /** The outcome of a request the authorizer refused or failed on. */
    public static AuthorizerOutcome of(Throwable failure) {
        if (failure instanceof UnauthenticatedException refused) {
            return refused.malformedKey() ? INVALID_CHECKSUM : DENY;
        }
        return failure instanceof StoreUnavailableException ? STORE_FAILURE : ERROR;
    }

    /** Counts this outcome in the current invocation's metrics. */
    public void record() {
        Metrics.count(Metric.AUTHORIZER_OUTCOMES, value);
    }
}
