package com.cordiul.local.runner;

import com.cordiul.stack.LambdaFunction;
import java.util.Map;

/**
 * Where a function's execution environments run. Two kinds: {@link InProcessSandbox} (fast: a class loader per
 * instance in the runner's JVM) and {@link ProcessSandbox} (exactly as Lambda runs a function: a JVM per instance
 * under the AWS Lambda Runtime Interface Client, with Lambda's JVM flags and SnapStart's hooks).
 */
public interface FunctionSandbox extends AutoCloseable {

    /** The kinds, as {@code ./dev --sandbox} names them. */
    enum Kind {
        IN_PROCESS("in-process"), PROCESS("process");

        private final String option;

        Kind(String option) {
            this.option = option;
        }

        /** The name {@code ./dev --sandbox} takes. */
        public String option() {
            return option;
        }

        /** The kind of that name. */
        public static Kind of(String option) {
            for (Kind kind : values()) {
                if (kind.option.equals(option)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("--sandbox takes in-process or process, not '" + option + "'");
        }
    }

    /**
     * Starts one execution environment of the function and runs its init (the handler's construction, and for a
     * SnapStart function its {@code beforeCheckpoint} and {@code afterRestore} hooks), within the init timeout.
     *
     * @param number its number among the function's instances (1 for the first)
     * @throws LambdaInvocationException when the init fails or runs out of time
     */
    Instance start(LambdaFunction function, Map<String, String> environment, int number);

    /** Stops everything it started. */
    @Override
    void close();

    /** One execution environment: one invocation at a time. */
    interface Instance extends AutoCloseable {

        /**
         * Runs one invocation (any event JSON) within the function's Timeout.
         *
         * @throws LambdaInvocationException on a function error or a timeout
         */
        byte[] invoke(byte[] event, String requestId);

        /** Whether it can take another invocation (not timed out, not crashed). */
        boolean alive();

        /** Retires it. */
        @Override
        void close();
    }
}
