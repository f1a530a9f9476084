package com.cordiul.e2e.hardening;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything written to stdout while the hardening stacks run, and every secret those runs used. The functions log
 * through the layer's {@code Log}, which each function instance binds to {@code System.out} when its class loader
 * first loads it; installing this tee before a stack starts therefore captures every function's lines, with no hook
 * in the runner. Surefire still gets every byte (the tee writes through).
 */
final class LogCapture {

    private static final ByteArrayOutputStream CAPTURED = new ByteArrayOutputStream();
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final Set<String> PHONE_NUMBERS = ConcurrentHashMap.newKeySet();
    private static volatile PrintStream tee;

    private LogCapture() {
    }

    /** Tees stdout into the capture, once (again if someone replaced it since). */
    static synchronized void install() {
        if (tee != null && System.out == tee) {
            return;
        }
        PrintStream original = System.out;
        tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (CAPTURED) {
                    CAPTURED.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (CAPTURED) {
                    CAPTURED.write(b, off, len);
                }
                original.write(b, off, len);
            }

            @Override
            public void flush() {
                original.flush();
            }
        }, true, StandardCharsets.UTF_8);
        System.setOut(tee);
    }

    /** A key or a token the run used: it must never appear in a log line. */
    static void secret(String value) {
        SECRETS.add(value);
    }

    /** A full phone number the run used: only its last four digits may appear in a log line. */
    static void phone(String e164) {
        PHONE_NUMBERS.add(e164);
    }

    static Set<String> secrets() {
        return Set.copyOf(SECRETS);
    }

    static Set<String> phoneNumbers() {
        return Set.copyOf(PHONE_NUMBERS);
    }

    /** Every captured line so far. */
    static List<String> lines() {
        String text;
        synchronized (CAPTURED) {
            text = CAPTURED.toString(StandardCharsets.UTF_8);
        }
        return text.lines().toList();
    }
}
