package com.cordiul.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An {@code AWS::Serverless::Function}, {@code Globals.Function} merged in and every intrinsic resolved.
 *
 * @param logicalId           its logical id (the local stack's name for it)
 * @param functionName        {@code FunctionName}, or the logical id
 * @param handler             {@code package.Class::method}
 * @param runtime             e.g. {@code java17}
 * @param codeUri             the deployment artifact, resolved against the template's folder
 * @param layers              the content of its layers that are {@code AWS::Serverless::LayerVersion}s of the
 *                            template, in the order Lambda stacks them
 * @param externalLayers      the ARNs of its other layers (not in the template: cannot be run locally)
 * @param environment         {@code Environment.Variables}, as text
 * @param memoryMb            {@code MemorySize} (default 128)
 * @param timeout             {@code Timeout} (default 3 s)
 * @param reservedConcurrency {@code ReservedConcurrentExecutions}, if set
 * @param autoPublishAlias    {@code AutoPublishAlias}, if set
 * @param snapStart           whether {@code SnapStart.ApplyOn} is {@code PublishedVersions}
 * @param architectures       {@code Architectures} (default x86_64)
 * @param events              its {@code Events}, in template order
 * @param properties          every property, resolved (raw access)
 */
public record LambdaFunction(String logicalId, String functionName, String handler, String runtime, Path codeUri,
                             List<Path> layers, List<String> externalLayers, Map<String, String> environment,
                             int memoryMb, Duration timeout, OptionalInt reservedConcurrency,
                             Optional<String> autoPublishAlias, boolean snapStart, List<String> architectures,
                             List<FunctionEvent> events, JsonNode properties) {

    public LambdaFunction {
        layers = List.copyOf(layers);
        externalLayers = List.copyOf(externalLayers);
        environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
        architectures = List.copyOf(architectures);
        events = List.copyOf(events);
    }

    /** The class part of the handler string. */
    public String handlerClass() {
        int at = handler.indexOf("::");
        return at < 0 ? handler : handler.substring(0, at);
    }

    /** The method part of the handler string ({@code handleRequest} when omitted, as Lambda assumes). */
    public String handlerMethod() {
        int at = handler.indexOf("::");
        return at < 0 ? "handleRequest" : handler.substring(at + 2);
    }

    /** Its events of one kind, e.g. {@code eventsOf(FunctionEvent.Sqs.class)}. */
    public <T extends FunctionEvent> List<T> eventsOf(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
