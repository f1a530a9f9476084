package com.cordiul.bench.baseline.jackson;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Baseline: the hello handler plus one ObjectMapper built at init and one small JSON round trip per invocation. */
public class JacksonHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final ObjectMapper MAPPER = Mappers.configured();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("statusCode", 200, "body", Mappers.roundTrip(MAPPER, event));
    }
}
