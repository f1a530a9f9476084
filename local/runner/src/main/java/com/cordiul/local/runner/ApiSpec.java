package com.cordiul.local.runner;

import com.cordiul.stack.RestApi;

/**
 * A REST API of the stack as the gateway serves it: the model's view and its gateway responses, ready to render.
 *
 * @param api              the stack model's REST API
 * @param gatewayResponses its declared gateway responses
 */
record ApiSpec(RestApi api, GatewayResponses gatewayResponses) {

    static ApiSpec of(RestApi api) {
        return new ApiSpec(api, new GatewayResponses(api.gatewayResponses()));
    }

    /** Its stage. */
    String stageName() {
        return api.stageName();
    }

    /** The authorizer that guards a route, or null when the route is open. */
    RestApi.Authorizer authorizerFor(Route route) {
        String name = route.authorizer() != null ? route.authorizer() : api.defaultAuthorizer().orElse(null);
        if (name == null || "NONE".equals(name) || "AWS_IAM".equals(name)) {
            return null;
        }
        RestApi.Authorizer spec = api.authorizers().get(name);
        if (spec == null) {
            throw new IllegalArgumentException("API " + api.logicalId() + " has no authorizer named " + name);
        }
        return spec;
    }
}
