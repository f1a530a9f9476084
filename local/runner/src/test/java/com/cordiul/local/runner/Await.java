package com.cordiul.local.runner;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes (never a fixed sleep standing in for a wait). */
final class Await {

    /** Long enough for a cold function on a busy two-core machine. */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    private Await() {
    }

    /** Waits until the condition holds; fails naming what was awaited. */
    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, condition, () -> "");
    }

    /** Waits until the condition holds; fails naming what was awaited and what {@code state} says at the end. */
    static void until(String what, BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + PATIENCE.toSeconds() + " s: " + what + ". " + state.get());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
