package com.cordiul.chime;

import com.cordiul.logging.Log;
import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming of the Chime request path: before the snapshot, one read of the SIP media application calls go
 * through ({@code GetSipMediaApplication}), so that the Chime SDK Voice client's REST-JSON marshalling, signing,
 * endpoint resolution and response reading are loaded and initialised in the snapshot; the first call placed after
 * a restore no longer pays for them. Never a dial: only a read. It never fails the checkpoint.
 */
public final class ChimePrimer implements Resource {

    // CRaC holds resources weakly: these strong references keep the primers registered until the snapshot.
    private static final List<ChimePrimer> REGISTERED = new ArrayList<>();

    private final ChimeDialer dialer;

    ChimePrimer(ChimeDialer dialer) {
        this.dialer = dialer;
    }

    /** Registers a primer for the dialer and returns the dialer, for the handler's Lambda constructor. */
    public static ChimeDialer register(ChimeDialer dialer) {
        ChimePrimer primer = new ChimePrimer(dialer);
        synchronized (REGISTERED) {
            REGISTERED.add(primer);
        }
        Core.getGlobalContext().register(primer);
        return dialer;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to restore: the read left no state behind, and connections reopen on demand.
    }

    /** The priming read; returns whether Chime answered it, and never throws. */
    public boolean prime() {
        try {
            dialer.readSipMediaApplication();
            return true;
        } catch (RuntimeException e) {
            Log.warn("chime priming failed; the snapshot is taken anyway", "error_type", e.getClass().getName());
            return false;
        }
    }
}
