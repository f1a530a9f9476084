package com.cordiul.sandbox;

import com.cordiul.stack.LambdaFunction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A function as deployed: its code artifact, its layers, its handler string, its configured environment (with
 * intrinsics already resolved), its memory size and its timeout.
 *
 * @param name a short name for reports (the module name, e.g. {@code authorizer})
 * @param handler the handler string, {@code package.Class::method}
 * @param code the function artifact (a jar; Lambda unpacks it into the task root)
 * @param layers layer zips, each holding {@code java/lib/*.jar}
 * @param environment the template's variables (Globals merged with the function's own)
 * @param memoryMb MemorySize
 * @param timeoutSeconds Timeout
 */
public record FunctionPackage(String name, String handler, Path code, List<Path> layers,
                              Map<String, String> environment, int memoryMb, int timeoutSeconds) {

    public FunctionPackage {
        layers = List.copyOf(layers);
        environment = Map.copyOf(environment);
    }

    /** The package of one of the stack model's functions, under that name. */
    public static FunctionPackage of(String name, LambdaFunction function) {
        return new FunctionPackage(name, function.handler(), function.codeUri(), function.layers(),
                function.environment(), function.memoryMb(), (int) function.timeout().toSeconds());
    }

    /** The handler's class as a path inside the artifact, e.g. {@code com/x/Handler.class}. */
    public String handlerClassEntry() {
        int sep = handler.indexOf("::");
        String type = sep < 0 ? handler : handler.substring(0, sep);
        return type.replace('.', '/') + ".class";
    }
}
