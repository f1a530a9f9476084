package com.cordiul.local.runner;

import com.cordiul.stack.LambdaFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Functions run inside the runner's JVM, each instance in a class loader of its own that sees only the function's
 * artifacts (laid out as the Java runtime lays them out) and its own environment variables. Fast to start and to
 * debug; what it does not reproduce is Lambda's JVM (its flags, a fresh heap per instance) and SnapStart.
 */
final class InProcessSandbox implements FunctionSandbox {

    private final Artifacts artifacts;
    private final Duration initTimeout;

    InProcessSandbox(Path workDir, Duration initTimeout) {
        this.artifacts = new Artifacts(workDir);
        this.initTimeout = initTimeout;
    }

    @Override
    public Instance start(LambdaFunction function, Map<String, String> environment, int number) {
        return InProcessInstance.start(function, number, artifacts.classPath(function), environment, initTimeout);
    }

    @Override
    public void close() {
        artifacts.close();
    }
}
