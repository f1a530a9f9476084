package com.cordiul.priming;

import com.cordiul.chime.ChimeCallUpdater;

/**
 * SnapStart priming of the cancel's Chime path: one read of the SIP media application
 * ({@code GetSipMediaApplication}) before the snapshot, so that the Chime client is loaded and initialised. Never an
 * update of a call.
 */
public final class ChimeUpdatePrimer extends SnapshotPrimer {

    private final ChimeCallUpdater updater;

    /** The primer of the updater cancels use. */
    public ChimeUpdatePrimer(ChimeCallUpdater updater) {
        super("chime");
        this.updater = updater;
    }

    @Override
    protected void run() {
        updater.readSipMediaApplication();
    }
}
