package com.cordiul.local.runner.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.cordiul.core.Environment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test function: reports the variables it was asked for, its Context, and what its class loader can see. */
public class EnvironmentHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** Read while the class initialises: the environment must already be installed then. */
    private static final String AT_INIT = Environment.get("GREETING").orElse("<unset>");

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> variables = new LinkedHashMap<>();
        for (String name : (List<String>) event.get("names")) {
            variables.put(name, Environment.get(name).orElse(null));
        }
        out.put("variables", variables);
        out.put("greetingAtInit", AT_INIT);
        out.put("functionName", context.getFunctionName());
        out.put("awsRequestId", context.getAwsRequestId());
        out.put("remainingMillis", context.getRemainingTimeInMillis());
        out.put("memoryLimitInMB", context.getMemoryLimitInMB());
        out.put("parentIsPlatform", getClass().getClassLoader().getParent() == ClassLoader.getPlatformClassLoader());
        out.put("seesRunner", visible("com.cordiul.local.runner.LocalStack"));
        out.put("seesEventsLibrary", visible("com.amazonaws.services.lambda.runtime.events.SQSEvent"));
        context.getLogger().log("environment reported");
        return out;
    }

    private boolean visible(String name) {
        try {
            Class.forName(name, false, getClass().getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
