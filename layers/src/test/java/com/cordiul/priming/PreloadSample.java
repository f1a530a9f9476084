package com.cordiul.priming;

/** A class ClassPreloaderTest preloads: its static initializer leaves a mark, which preloading must not leave. */
public class PreloadSample {

    static final String INITIALIZED = "cordiul.test.preload-sample.initialized";

    static {
        System.setProperty(INITIALIZED, "true");
    }

    /** A nested class, listed by its binary name. */
    public static final class Nested {
    }
}
