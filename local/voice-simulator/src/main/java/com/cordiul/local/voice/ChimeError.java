package com.cordiul.local.voice;

/**
 * A Chime SDK Voice error as the service puts it on the wire: the HTTP status, the exception shape's name in the
 * {@code x-amzn-ErrorType} header (which the SDK's REST-JSON error unmarshaller reads first to pick the exception
 * class), and a body with the shape's {@code Code} and {@code Message} members.
 *
 * @param status the HTTP status
 * @param type the exception shape, e.g. {@code BadRequestException}
 * @param code the {@code Code} member (Chime's ErrorCode enum), or null
 * @param message the human-readable message
 */
record ChimeError(int status, String type, String code, String message) {

    static ChimeError badRequest(String message) {
        return new ChimeError(400, "BadRequestException", "BadRequest", message);
    }

    static ChimeError resourceLimit() {
        return new ChimeError(400, "ResourceLimitExceededException", "ResourceLimitExceeded",
                "The request exceeds the resource limit.");
    }

    static ChimeError throttled() {
        return new ChimeError(429, "ThrottledClientException", "Throttled", "Rate exceeded");
    }

    static ChimeError serviceFailure() {
        return new ChimeError(500, "ServiceFailureException", "ServiceFailure", "The service encountered an error.");
    }

    static ChimeError unavailable() {
        return new ChimeError(503, "ServiceUnavailableException", "ServiceUnavailable",
                "The service is currently unavailable.");
    }

    static ChimeError accessDenied() {
        return new ChimeError(403, "AccessDeniedException", "AccessDenied",
                "User is not authorized to perform chime:CreateSipMediaApplicationCall");
    }

    static ChimeError unauthorized() {
        return new ChimeError(401, "UnauthorizedClientException", "Unauthorized",
                "The client is not currently authorized to make the request.");
    }

    static ChimeError forbidden() {
        return new ChimeError(403, "ForbiddenException", "Forbidden", "The client is permanently forbidden.");
    }

    static ChimeError notFound(String message) {
        return new ChimeError(404, "NotFoundException", "NotFound", message);
    }

    /** What AWS answers to an unsigned request; not a modelled Chime shape, so the SDK raises its base type. */
    static ChimeError missingSignature() {
        return new ChimeError(403, "MissingAuthenticationTokenException", null, "Missing Authentication Token");
    }

    /** What AWS answers to a request signed for another service. */
    static ChimeError wrongScope(String service) {
        return new ChimeError(403, "InvalidSignatureException", null,
                "Credential should be scoped to correct service: 'chime'. (was '" + service + "')");
    }
}
