package com.cordiul.local.runner;

import com.cordiul.sandbox.FunctionPackage;
import com.cordiul.sandbox.Invocation;
import com.cordiul.sandbox.LambdaProcess;
import com.cordiul.sandbox.LambdaSandbox;
import com.cordiul.sandbox.RuntimeApi;
import com.cordiul.stack.LambdaFunction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Functions run exactly as Lambda runs them: each instance is a fresh JVM with Lambda's JVM flags, under the AWS
 * Lambda Runtime Interface Client, against a loopback Runtime API of its own ({@code com.cordiul.sandbox}, shared
 * with the bench). A function with SnapStart on its published versions goes through SnapStart's lifecycle as the
 * bench emulates it: init and the {@code beforeCheckpoint} hooks, {@code restore/next} held and released, then the
 * {@code afterRestore} hooks. The instance's output is copied to the runner's, line by line.
 */
final class ProcessSandbox implements FunctionSandbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LambdaSandbox sandbox;
    private final Duration initTimeout;

    ProcessSandbox(Path workDir, Path runtimeLib, Duration initTimeout) {
        if (!Files.isDirectory(runtimeLib)) {
            throw new IllegalStateException("The Lambda runtime jars are not built (" + runtimeLib
                    + "): build first (mvn -B -q -DskipTests package, or ./dev without --no-build)");
        }
        try {
            Path dir = workDir == null ? Files.createTempDirectory("cordiul-process-sandbox-")
                    : Files.createDirectories(workDir).resolve("process-sandbox");
            this.sandbox = LambdaSandbox.create(dir, LambdaSandbox.jarsIn(runtimeLib));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.initTimeout = initTimeout;
    }

    @Override
    public Instance start(LambdaFunction function, Map<String, String> environment, int number) {
        if (!function.externalLayers().isEmpty()) {
            throw new IllegalStateException(function.logicalId() + " uses layers that are not in the template: "
                    + "it cannot be run locally");
        }
        FunctionPackage fn = new FunctionPackage(function.functionName(), function.handler(), function.codeUri(),
                function.layers(), function.environment(), function.memoryMb(),
                (int) function.timeout().toSeconds());
        boolean snapStart = function.snapStart() && function.autoPublishAlias().isPresent();
        RuntimeApi api = RuntimeApi.start(function.functionName(), function.timeout());
        Map<String, String> platform = new LinkedHashMap<>(environment);
        platform.put("AWS_LAMBDA_LOG_STREAM_NAME", "local-" + number);
        LambdaProcess process = sandbox.launch(fn, api, platform, snapStart, ProcessBuilder.Redirect.PIPE);
        copyOutput(process, function.logicalId() + "#" + number);
        ProcessInstance instance = new ProcessInstance(function, api, process);
        try {
            if (snapStart) {
                process.await(api.restoreRequested(), initTimeout);
                api.releaseRestore();
            }
            CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> awaitFirstPoll(api));
            process.await(ready, initTimeout);
            api.initError().ifPresent(body -> {
                throw failure(function, body, "Init failed: ");
            });
            return instance;
        } catch (TimeoutException e) {
            instance.close();
            throw new LambdaInvocationException(function.logicalId(), "Runtime.InitTimeout",
                    "Init did not finish within " + initTimeout.toSeconds() + " s", true, null);
        } catch (RuntimeException e) {
            instance.close();
            if (e instanceof LambdaInvocationException) {
                throw e;
            }
            throw new LambdaInvocationException(function.logicalId(), "Runtime.ExitError", "Init failed: "
                    + firstLine(e.getMessage()), false, e);
        }
    }

    private static boolean awaitFirstPoll(RuntimeApi api) {
        try {
            while (!api.awaitPolls(1, Duration.ofMillis(200))) {
                if (api.initError().isPresent()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void copyOutput(LambdaProcess process, String name) {
        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.output(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    System.out.println(line);
                }
            } catch (IOException e) {
                // The JVM is gone: nothing more to copy.
            }
        }, "output-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    static LambdaInvocationException failure(LambdaFunction function, String body, String prefix) {
        String type = "Runtime.Unknown";
        String message = body;
        try {
            JsonNode error = JSON.readTree(body);
            type = error.path("errorType").asText(type);
            message = error.path("errorMessage").asText(body);
        } catch (IOException e) {
            // Not JSON: the body itself is the message.
        }
        return new LambdaInvocationException(function.logicalId(), type, prefix + message, false, null);
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        // Each instance stops its own JVM; the unpacked artifacts stay in the work folder for the next start.
    }

    /** One JVM and its Runtime API. */
    private static final class ProcessInstance implements Instance {

        private final LambdaFunction function;
        private final RuntimeApi api;
        private final LambdaProcess process;
        private volatile boolean dead;

        ProcessInstance(LambdaFunction function, RuntimeApi api, LambdaProcess process) {
            this.function = function;
            this.api = api;
            this.process = process;
        }

        @Override
        public byte[] invoke(byte[] event, String requestId) {
            CompletableFuture<Invocation> answer = api.submit(requestId, new String(event, StandardCharsets.UTF_8));
            Invocation invocation;
            try {
                invocation = process.await(answer, function.timeout());
            } catch (TimeoutException e) {
                close();
                throw new LambdaInvocationException(function.logicalId(), "Sandbox.Timedout",
                        "Task timed out after " + function.timeout().toSeconds() + " seconds", true, null);
            } catch (IllegalStateException e) {
                close();
                throw new LambdaInvocationException(function.logicalId(), "Runtime.ExitError",
                        firstLine(e.getMessage()), false, e);
            }
            if (invocation.error()) {
                throw failure(function, invocation.body(), "");
            }
            return invocation.body().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean alive() {
            return !dead && process.alive();
        }

        @Override
        public synchronized void close() {
            if (!dead) {
                dead = true;
                process.close();
                api.close();
            }
        }
    }
}
