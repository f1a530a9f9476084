package com.cordiul.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code AWS::Serverless::Api} ({@code Globals.Api} merged in), or SAM's implicit {@code ServerlessRestApi}.
 *
 * @param logicalId         its logical id
 * @param stageName         {@code StageName} (SAM's implicit API: {@code Prod})
 * @param defaultAuthorizer {@code Auth.DefaultAuthorizer}, if any
 * @param authorizers       the Lambda authorizers of {@code Auth.Authorizers}, by name
 * @param gatewayResponses  {@code GatewayResponses}, resolved (an empty object when none)
 * @param properties        every property, resolved
 */
public record RestApi(String logicalId, String stageName, Optional<String> defaultAuthorizer,
                      Map<String, Authorizer> authorizers, JsonNode gatewayResponses, JsonNode properties) {

    public RestApi {
        authorizers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(authorizers));
    }

    /**
     * A Lambda authorizer.
     *
     * @param name              its name under {@code Auth.Authorizers}
     * @param functionId        the logical id of the template's function behind {@code FunctionArn}
     * @param payloadType       {@code TOKEN} (SAM's default) or {@code REQUEST}
     * @param identityHeaders   identity headers (REQUEST), or the one token header (TOKEN, default Authorization)
     * @param identityQueries   identity query strings (REQUEST)
     * @param reauthorizeEvery  {@code Identity.ReauthorizeEvery} in seconds (SAM's default 300)
     */
    public record Authorizer(String name, String functionId, String payloadType, List<String> identityHeaders,
                             List<String> identityQueries, int reauthorizeEvery) {

        public Authorizer {
            identityHeaders = List.copyOf(identityHeaders);
            identityQueries = List.copyOf(identityQueries);
        }

        /** Whether API Gateway sends a TOKEN event rather than a REQUEST event. */
        public boolean token() {
            return "TOKEN".equals(payloadType);
        }
    }
}
