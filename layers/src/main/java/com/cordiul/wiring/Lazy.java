package com.cordiul.wiring;

import java.util.function.Supplier;

/** A value built on first use, once; every later use gets the same one. A build that throws is tried again. */
final class Lazy<T> implements Supplier<T> {

    private Supplier<T> build;
    private T value;

    Lazy(Supplier<T> build) {
        this.build = build;
    }

    @Override
    public synchronized T get() {
        if (build != null) {
            value = build.get();
            build = null;
        }
        return value;
    }
}
