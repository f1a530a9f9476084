package com.cordiul.priming;

/** A listed class whose superclass a test hides: it cannot be loaded, and must be counted, not thrown. */
public class PreloadSampleChild extends PreloadSample {
}
