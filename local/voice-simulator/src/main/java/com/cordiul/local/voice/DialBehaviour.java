package com.cordiul.local.voice;

import java.util.Map;

/**
 * What the simulated Chime API does with a dial to a destination: the dial-time magic numbers. Every number not
 * listed is accepted normally (the call playout decides what happens next).
 */
enum DialBehaviour {
    ACCEPT,
    /** 400 BadRequestException, nothing placed. */
    BAD_REQUEST,
    /** 400 ResourceLimitExceededException, nothing placed. */
    RESOURCE_LIMIT,
    /** 429 ThrottledClientException on every attempt. */
    THROTTLED,
    /** 429 on the first attempt, accepted on the next (alternating). */
    THROTTLED_ONCE,
    /** Places the call, then answers 500 ServiceFailureException. */
    FAILURE_AFTER_DIAL,
    /** 503 ServiceUnavailableException, nothing placed. */
    UNAVAILABLE,
    /** Places the call, answers 201 only after the configured slow delay. */
    SLOW,
    /** 403 AccessDeniedException. */
    ACCESS_DENIED,
    /** 401 UnauthorizedClientException. */
    UNAUTHORIZED,
    /** 403 ForbiddenException. */
    FORBIDDEN;

    private static final Map<String, DialBehaviour> MAGIC = Map.of(
            "+12025550110", BAD_REQUEST,
            "+12025550111", RESOURCE_LIMIT,
            "+12025550112", THROTTLED,
            "+12025550113", THROTTLED_ONCE,
            "+12025550114", FAILURE_AFTER_DIAL,
            "+12025550115", UNAVAILABLE,
            "+12025550116", SLOW,
            "+12025550117", ACCESS_DENIED,
            "+12025550118", UNAUTHORIZED,
            "+12025550119", FORBIDDEN);

    /** The behaviour for a destination. */
    static DialBehaviour forDestination(String toPhoneNumber) {
        return MAGIC.getOrDefault(toPhoneNumber, ACCEPT);
    }
}
