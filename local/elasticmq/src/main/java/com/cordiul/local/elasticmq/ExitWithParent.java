package com.cordiul.local.elasticmq;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs another main class (ElasticMQ's) and exits when stdin closes: the launcher keeps the child's stdin open as a
 * pipe it never writes, so the pipe closes when the launching JVM goes away, however it goes (even SIGKILL). Without
 * this an orphaned ElasticMQ would keep the port and its H2 files locked. {@code System.exit} runs ElasticMQ's
 * shutdown hook, which stops the server and closes the storage.
 */
public final class ExitWithParent {

    private ExitWithParent() {
    }

    /** {@code ExitWithParent <main class> [its arguments]}. */
    public static void main(String[] args) throws ReflectiveOperationException {
        if (args.length == 0) {
            throw new IllegalArgumentException("Usage: ExitWithParent <main class> [arguments]");
        }
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // Nothing is ever written; anything that is, is ignored.
                }
            } catch (IOException e) {
                // A failed pipe means the same: the launcher is gone.
            }
            System.err.println("[cordiul] stdin closed (the launcher stopped, or is gone): exiting");
            System.exit(0);
        }, "exit-with-parent");
        watcher.setDaemon(true);
        watcher.start();
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
