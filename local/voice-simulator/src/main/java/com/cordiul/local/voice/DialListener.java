package com.cordiul.local.voice;

/** Told of every dial the simulator accepts; the call playout is one. Must return quickly (hand work off). */
@FunctionalInterface
public interface DialListener {

    /** A dial was accepted. */
    void dialed(AcceptedDial dial);
}
