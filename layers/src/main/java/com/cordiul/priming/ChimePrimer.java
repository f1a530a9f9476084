package com.cordiul.priming;

import com.cordiul.chime.ChimeDialer;


/**
 * SnapStart priming of the Chime request path: before the snapshot, one read of the SIP media application calls go
 * through ({@code GetSipMediaApplication}), so that the Chime SDK Voice client's REST-JSON marshalling, signing,
 * endpoint resolution and response reading are loaded and initialised in the snapshot; the first call placed after
 * a restore no longer pays for them. Never a dial: only a read.
 */
public final class ChimePrimer extends SnapshotPrimer {

    private final ChimeDialer dialer;

    /** The primer of the dialer calls are placed with. */
    public ChimePrimer(ChimeDialer dialer) {
        super("chime");
        this.dialer = dialer;
    }

    @Override
    protected void run() {
        dialer.readSipMediaApplication();
    }
}
