package com.cordiul.dialer;

import java.time.Duration;
import java.util.Objects;

/** What became of one dial message: done with (deleted from the queue), or put back for later. */
public sealed interface DialResult {

    /** Nothing more to do for this message: it is deleted. */
    record Done(String what) implements DialResult {
    }

    /** The call waits: the message comes back after {@code delay}. */
    record Retry(Duration delay, String why) implements DialResult {
        public Retry {
            Objects.requireNonNull(delay, "delay");
        }
    }
}
