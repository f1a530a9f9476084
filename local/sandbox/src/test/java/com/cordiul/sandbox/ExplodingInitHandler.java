package com.cordiul.sandbox;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Test function whose construction fails: the runtime must report an init error. */
public class ExplodingInitHandler implements RequestHandler<Map<String, Object>, String> {

    public ExplodingInitHandler() {
        throw new IllegalStateException("missing configuration");
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return "unreachable";
    }
}
