package com.cordiul.local.voice;

import java.util.Map;

/** Told of every dial the simulator accepts; the call playout is one. Must return quickly (hand work off). */
@FunctionalInterface
public interface DialListener {

    /** A dial was accepted. */
    void dialed(AcceptedDial dial);

    /**
     * UpdateSipMediaApplicationCall was accepted for this active call: Chime would now invoke the SIP media
     * application's function with CALL_UPDATE_REQUESTED carrying these arguments. Ignored by default.
     */
    default void updateRequested(AcceptedDial call, Map<String, String> arguments) {
    }
}
