package com.cordiul.logging;

import com.cordiul.core.Environment;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Whether an invocation is the first of its execution environment. An environment initialised on demand, or
 * restored from a SnapStart snapshot, pays for it in its first invocation: that one is the cold start. Lambda never
 * invokes a function before its snapshot, but a restore must count as cold even if something did (a priming step
 * that invoked the handler), so the flag is set again after every restore. An environment of provisioned
 * concurrency was initialised ahead of any request, so none of its invocations is a cold start.
 */
public final class ColdStart implements Resource {

    private static final ColdStart INSTANCE = new ColdStart();
    private static final AtomicBoolean NEXT_IS_COLD = new AtomicBoolean(
            !"provisioned-concurrency".equals(Environment.get("AWS_LAMBDA_INITIALIZATION_TYPE").orElse("")));

    static {
        // The static field keeps the resource strongly reachable: CRaC holds resources weakly.
        Core.getGlobalContext().register(INSTANCE);
    }

    private ColdStart() {
    }

    /** True for the first invocation of this environment (and after a restore), false from then on. */
    public static boolean take() {
        return NEXT_IS_COLD.getAndSet(false);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // Nothing to do: the flag is set again after the restore.
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        NEXT_IS_COLD.set(true);
    }

    /** For tests: as after a restore. */
    static void restored() {
        INSTANCE.afterRestore(null);
    }
}
