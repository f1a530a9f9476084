package com.cordiul.fn.callstatus;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock each test thread sets before it hands an event to the handler: the time at which Cordiul "observes"
 * that event, so that concurrent deliveries can each be observed at a chosen time. Unset, it is the system clock.
 */
final class PerThreadClock extends Clock {

    private final ThreadLocal<Instant> now = new ThreadLocal<>();

    void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant set = now.get();
        return set != null ? set : Instant.ofEpochMilli(System.currentTimeMillis());
    }
}
