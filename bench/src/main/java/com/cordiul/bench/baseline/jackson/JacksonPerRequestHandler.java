package com.cordiul.bench.baseline.jackson;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** The anti-pattern, measured: a new ObjectMapper for every invocation instead of one per instance. */
public class JacksonPerRequestHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("statusCode", 200, "body", Mappers.roundTrip(Mappers.configured(), event));
    }
}
