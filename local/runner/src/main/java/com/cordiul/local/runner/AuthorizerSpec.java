package com.cordiul.local.runner;

import java.util.List;

/**
 * A Lambda authorizer of an {@code AWS::Serverless::Api}.
 *
 * @param name          its name under {@code Auth.Authorizers}
 * @param functionId    the logical id of the function behind {@code FunctionArn}
 * @param payloadType   {@code REQUEST} or {@code TOKEN}
 * @param headers       identity headers that must be present (REQUEST), or the token header (TOKEN)
 * @param queryStrings  identity query parameters that must be present (REQUEST)
 */
record AuthorizerSpec(String name, String functionId, String payloadType, List<String> headers,
                      List<String> queryStrings) {

    AuthorizerSpec {
        headers = List.copyOf(headers);
        queryStrings = List.copyOf(queryStrings);
    }

    /** Whether API Gateway sends a TOKEN event rather than a REQUEST event. */
    boolean token() {
        return "TOKEN".equals(payloadType);
    }
}
