package com.cordiul.priming;

import com.cordiul.logging.Log;
import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A SnapStart priming step: before the snapshot it does its one harmless piece of work, so that what the first
 * request after a restore would load and initialise is already in the snapshot. It never fails the checkpoint: a
 * failure is logged and the snapshot taken anyway. Nothing is restored after the snapshot (connections reopen on
 * demand). Every primer is registered the same way, {@link #register}, by the function's wiring
 * ({@code com.cordiul.wiring}) right where it builds what the primer primes.
 */
public abstract class SnapshotPrimer implements Resource {

    // CRaC holds resources weakly: these strong references keep registered primers alive until the snapshot.
    private static final List<SnapshotPrimer> REGISTERED = new ArrayList<>();

    private final String name;
    private boolean registered;

    /** @param name what is primed, for the log line of a failure */
    protected SnapshotPrimer(String name) {
        this.name = name;
    }

    /** The priming work; may throw, which {@link #prime} reports without failing. */
    protected abstract void run();

    /** Registers this primer with the CRaC context, once however often it is called, and keeps it alive. */
    public final synchronized SnapshotPrimer register() {
        if (!registered) {
            synchronized (REGISTERED) {
                REGISTERED.add(this);
            }
            Core.getGlobalContext().register(this);
            registered = true;
        }
        return this;
    }

    @Override
    public final void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public final void afterRestore(Context<? extends Resource> context) {
        // Nothing to restore: priming leaves no state behind.
    }

    /** Runs the priming work once; returns whether it completed, and never throws. */
    public final boolean prime() {
        try {
            run();
            return true;
        } catch (RuntimeException e) {
            Log.warn(name + " priming failed; the snapshot is taken anyway", "error_type", e.getClass().getName());
            return false;
        }
    }
}
