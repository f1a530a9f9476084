package com.cordiul.local.runner;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every line written to stdout, handed to listeners as well (the metrics board). Function instances write their
 * lines through {@code System.out}: an in-process instance binds the layer's log to it when its class loader first
 * loads the class, a process instance's output is copied to it line by line. Installed once per JVM, before the
 * first function instance starts; every byte still reaches the original stdout.
 */
final class ConsoleTap {

    private static final List<Consumer<String>> LISTENERS = new CopyOnWriteArrayList<>();
    private static PrintStream tap;
    private static PrintStream original;

    private ConsoleTap() {
    }

    /**
     * Adds a listener of every complete line, installing the tap on first use. Once only: a stream that wraps the
     * tap later (a test's capture) still writes through it, and a second tap would hand each line over twice.
     */
    static synchronized void listen(Consumer<String> listener) {
        if (tap == null) {
            original = System.out;
            tap = new PrintStream(new Lines(original), true, StandardCharsets.UTF_8);
            System.setOut(tap);
        }
        LISTENERS.add(listener);
    }

    /** Removes a listener. */
    static void stop(Consumer<String> listener) {
        LISTENERS.remove(listener);
    }

    /** The stdout the tap writes through to: where a listener may print without being heard again. */
    static synchronized PrintStream original() {
        return original != null ? original : System.out;
    }

    /** Writes through, and hands each finished line to the listeners. */
    private static final class Lines extends OutputStream {

        private final PrintStream through;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);

        Lines(PrintStream through) {
            this.through = through;
        }

        @Override
        public synchronized void write(int b) {
            through.write(b);
            collect(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            through.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                collect(b[i]);
            }
        }

        @Override
        public void flush() {
            through.flush();
        }

        private void collect(int b) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                for (Consumer<String> listener : LISTENERS) {
                    try {
                        listener.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
                    } catch (RuntimeException e) {
                        // A listener's fault never costs a function its output.
                    }
                }
            } else if (line.size() < 1 << 20) {
                line.write(b);
            }
        }
    }
}
