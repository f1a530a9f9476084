package com.cordiul.bench.template;

import com.cordiul.sandbox.FunctionPackage;
import com.cordiul.stack.LambdaFunction;
import com.cordiul.stack.Stack;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions of template.yaml as they would be deployed (handler, artifact, layers, memory, timeout and
 * environment), read through the stack model: Globals merged and intrinsics resolved exactly as the local runner
 * sees them (a table's Ref is its logical id, a parameter's its default, a custom resource's attributes what the
 * bench supplies as its provider's answer).
 */
public final class TemplateFunctions {

    private final Stack stack;

    private TemplateFunctions(Stack stack) {
        this.stack = stack;
    }

    /** Reads {@code template.yaml} of the repository at {@code root}. */
    public static TemplateFunctions read(Path root) {
        return new TemplateFunctions(Stack.read(root.resolve("template.yaml")));
    }

    /**
     * Reads {@code template.yaml} with a custom resource's attributes as its provider would answer them ({@code ""}
     * its physical id): what the functions' environments read of it, e.g. create-call's SIP media application.
     */
    public static TemplateFunctions read(Path root, String customResource, Map<String, String> answered) {
        return new TemplateFunctions(Stack.read(root.resolve("template.yaml")).withAttributes(customResource,
                answered));
    }

    /**
     * {@link #read(Path, String, Map)} with the queues' URLs under that prefix (a local SQS endpoint and account), so
     * that a function's {@code Ref} of a queue names the local one, never SQS's.
     */
    public static TemplateFunctions read(Path root, String customResource, Map<String, String> answered,
                                         String queueUrlPrefix) {
        return new TemplateFunctions(Stack.read(root.resolve("template.yaml")).withAttributes(customResource,
                answered).withQueueUrlPrefix(queueUrlPrefix));
    }

    /** Every function, in template order. */
    public List<FunctionPackage> functions() {
        return stack.functions().stream().map(fn -> FunctionPackage.of(moduleName(fn.codeUri()), fn)).toList();
    }

    /**
     * A package deployed the way the template's functions are (Globals' memory, timeout, environment), for code
     * that is not in the template: the bench's baselines, with their own layers.
     */
    public FunctionPackage withGlobals(String name, String handler, Path code, List<Path> layers,
                                       Map<String, String> extraEnvironment) {
        LambdaFunction fn = stack.withGlobals(name, handler, code);
        Map<String, String> env = new LinkedHashMap<>(fn.environment());
        env.putAll(extraEnvironment);
        return new FunctionPackage(name, handler, code, layers, env, fn.memoryMb(), (int) fn.timeout().toSeconds());
    }

    /** {@code functions/authorizer/target/authorizer.jar} is the function {@code authorizer}. */
    static String moduleName(Path codeUri) {
        String file = codeUri.getFileName().toString();
        return file.endsWith(".jar") ? file.substring(0, file.length() - 4) : file;
    }
}
