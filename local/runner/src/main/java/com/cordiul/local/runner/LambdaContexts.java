package com.cordiul.local.runner;

import com.cordiul.stack.LambdaFunction;
import com.cordiul.stack.PseudoParameters;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Builds the {@code com.amazonaws.services.lambda.runtime.Context} an invocation receives. The interface is the
 * one the function's class loader sees (the runner's own copy is a different class), so the context is a dynamic
 * proxy implementing it.
 */
final class LambdaContexts {

    private static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
    private static final String LOGGER = "com.amazonaws.services.lambda.runtime.LambdaLogger";

    private LambdaContexts() {
    }

    /** The context interface of a function's class loader. */
    static Class<?> contextInterface(ClassLoader loader) {
        try {
            return Class.forName(CONTEXT, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("aws-lambda-java-core is not on the function's class path", e);
        }
    }

    /** A context for one invocation that ends at {@code deadlineNanos} (System.nanoTime). */
    static Object create(ClassLoader loader, LambdaFunction function, String requestId, String logStream,
                         long deadlineNanos) {
        Class<?> contextType = contextInterface(loader);
        Object logger = logger(loader, function.logicalId());
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "getAwsRequestId":
                    return requestId;
                case "getLogGroupName":
                    return LocalStack.logGroup(function);
                case "getLogStreamName":
                    return logStream;
                case "getFunctionName":
                    return function.functionName();
                case "getFunctionVersion":
                    return "$LATEST";
                case "getInvokedFunctionArn":
                    return PseudoParameters.arn("lambda", "function:" + function.functionName());
                case "getRemainingTimeInMillis":
                    return (int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
                case "getMemoryLimitInMB":
                    return function.memoryMb();
                case "getLogger":
                    return logger;
                default:
                    return fallback(proxy, method, args, "Context of " + function.logicalId());
            }
        };
        return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, handler);
    }

    private static Object logger(ClassLoader loader, String function) {
        Class<?> loggerType;
        try {
            loggerType = Class.forName(LOGGER, false, loader);
        } catch (ClassNotFoundException e) {
            return null;
        }
        InvocationHandler handler = (proxy, method, args) -> {
            if ("log".equals(method.getName()) && args != null && args.length >= 1) {
                // log(String), log(byte[]) and their variants with a level all carry the message first.
                String text = args[0] instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                        : String.valueOf(args[0]);
                System.out.println(text);
                return null;
            }
            return fallback(proxy, method, args, "LambdaLogger of " + function);
        };
        return Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, handler);
    }

    private static Object fallback(Object proxy, Method method, Object[] args, String name) throws Throwable {
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        switch (method.getName()) {
            case "toString":
                return name;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            default:
                // getIdentity, getClientContext and the like: nothing of the kind exists for an API call.
                return null;
        }
    }
}
