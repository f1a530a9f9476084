package com.cordiul.e2e;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Destinations no other test dials, so that the voice simulator's per-number attempt count belongs to one scenario:
 * fictional +1 202-555-01xx numbers (valid for libphonenumber) outside the simulator's and the playout's magic
 * numbers (0100-0119) and the README's example (0123), each played out like an ordinary answered call.
 */
final class TestNumbers {

    private static final AtomicInteger NEXT = new AtomicInteger(130);

    private TestNumbers() {
    }

    /** A number not handed out before in this JVM. */
    static String next() {
        int n = NEXT.getAndIncrement();
        if (n > 199) {
            throw new IllegalStateException("No unused test number left");
        }
        return "+12025550" + n;
    }
}
