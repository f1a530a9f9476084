package com.cordiul.local.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code AWS::Serverless::Function} as the template declares it, with {@code Globals.Function} merged in and
 * every intrinsic resolved.
 *
 * @param logicalId   the resource's logical id, also its local function name
 * @param handler     {@code package.Class::method}
 * @param codeUri     the deployment artifact (a jar, a zip or a class directory)
 * @param layers      the layers' zip files, in the order Lambda would stack them
 * @param timeout     the function's Timeout
 * @param memoryMb    the function's MemorySize
 * @param environment the template's environment variables (the runner adds Lambda's own)
 */
record FunctionSpec(String logicalId, String handler, Path codeUri, List<Path> layers, Duration timeout,
                    int memoryMb, Map<String, String> environment) {

    FunctionSpec {
        layers = List.copyOf(layers);
        environment = Map.copyOf(environment);
    }

    /** The class part of the handler string. */
    String handlerClass() {
        int at = handler.indexOf("::");
        return at < 0 ? handler : handler.substring(0, at);
    }

    /** The method part of the handler string ({@code handleRequest} when omitted, as Lambda assumes). */
    String handlerMethod() {
        int at = handler.indexOf("::");
        return at < 0 ? "handleRequest" : handler.substring(at + 2);
    }
}
