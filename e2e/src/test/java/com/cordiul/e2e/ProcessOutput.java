package com.cordiul.e2e;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything this JVM writes to stdout and stderr, kept while still passed on. Installed before the stack loads
 * any function, so the functions' log lines (their logger keeps the {@code System.out} it finds when it is loaded)
 * can be searched for what must never be logged.
 */
final class ProcessOutput {

    private static final StringBuilder TEXT = new StringBuilder();
    private static boolean installed;

    private ProcessOutput() {
    }

    /** Tees stdout and stderr from now on; idempotent. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        System.setOut(tee(System.out));
        System.setErr(tee(System.err));
    }

    /** Whether anything written so far contains the text. */
    static boolean contains(String text) {
        synchronized (TEXT) {
            return TEXT.indexOf(text) >= 0;
        }
    }

    private static PrintStream tee(PrintStream target) {
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                // Log lines are ASCII JSON; a multi-byte character split across writes only garbles itself.
                synchronized (TEXT) {
                    TEXT.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
                }
                target.write(bytes, offset, length);
            }

            @Override
            public void flush() {
                target.flush();
            }
        };
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }
}
