package com.cordiul.sandbox;

import com.amazonaws.services.lambda.crac.Context;
import com.amazonaws.services.lambda.crac.Core;
import com.amazonaws.services.lambda.crac.Resource;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test function with a CRaC resource registered in the RIC's own context (what org.crac delegates to on Lambda): it
 * answers with the lifecycle steps it saw. {@code FAIL_RESTORE} in its environment makes afterRestore fail.
 */
public class SnapStartHandler implements RequestHandler<Map<String, Object>, String>, Resource {

    private final List<String> steps = new CopyOnWriteArrayList<>();

    public SnapStartHandler() {
        steps.add("init");
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        steps.add("beforeCheckpoint");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        steps.add("afterRestore");
        if (System.getenv("FAIL_RESTORE") != null) {
            throw new IllegalStateException("restore refused");
        }
    }

    @Override
    public String handleRequest(Map<String, Object> event, com.amazonaws.services.lambda.runtime.Context context) {
        steps.add("invoke");
        return String.join(",", steps);
    }
}
