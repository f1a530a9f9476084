package com.cordiul.local.runner;

import java.util.Locale;

/**
 * One {@code Type: Api} event of a function: a method on a resource path of a REST API.
 *
 * @param method     upper-case HTTP method, or {@code ANY}
 * @param path       the resource path template, e.g. {@code /api/calls/{id}}
 * @param functionId the logical id of the function it invokes
 * @param apiId      the logical id of its {@code AWS::Serverless::Api}, or null for SAM's implicit API
 * @param authorizer the event's own {@code Auth.Authorizer} (e.g. {@code NONE}), or null for the API's default
 */
record Route(String method, String path, String functionId, String apiId, String authorizer) {

    Route {
        method = method.toUpperCase(Locale.ROOT);
    }

    /** Whether this route answers the method. */
    boolean accepts(String requestMethod) {
        return "ANY".equals(method) || method.equalsIgnoreCase(requestMethod);
    }
}
