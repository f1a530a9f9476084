package com.cordiul.local.runner;

import java.util.Map;

/**
 * A REST API of the template: its stage, its authorizers and its gateway responses.
 *
 * @param logicalId         the {@code AWS::Serverless::Api} logical id, or {@code ServerlessRestApi}
 * @param stageName         the resolved StageName
 * @param defaultAuthorizer the name of {@code Auth.DefaultAuthorizer}, or null
 * @param authorizers       the Lambda authorizers by name
 * @param gatewayResponses  the declared gateway responses
 */
record ApiSpec(String logicalId, String stageName, String defaultAuthorizer, Map<String, AuthorizerSpec> authorizers,
               GatewayResponses gatewayResponses) {

    ApiSpec {
        authorizers = Map.copyOf(authorizers);
    }

    /** The authorizer that guards a route, or null when the route is open. */
    AuthorizerSpec authorizerFor(Route route) {
        String name = route.authorizer() != null ? route.authorizer() : defaultAuthorizer;
        if (name == null || "NONE".equals(name) || "AWS_IAM".equals(name)) {
            return null;
        }
        AuthorizerSpec spec = authorizers.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("API " + logicalId + " has no authorizer named " + name);
        }
        return spec;
    }
}
