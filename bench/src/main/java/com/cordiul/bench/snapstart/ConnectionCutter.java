package com.cordiul.bench.snapstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP relay in front of a local stand-in (dynalite, the Chime stand-in) whose open connections the bench
 * can cut at once. A SnapStart snapshot does not keep network connections: whatever the function opened before the
 * checkpoint (its priming request, say) is gone after the restore, and its first request has to open a new one, as
 * an on-demand first request does. Cutting every relayed connection at the emulated snapshot reproduces that, instead
 * of handing the restored function a warm keep-alive connection no restored Lambda instance has.
 */
public final class ConnectionCutter implements AutoCloseable {

    private static final int BUFFER = 16 * 1024;

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final ExecutorService threads;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ConnectionCutter(ServerSocket server, InetSocketAddress upstream, ExecutorService threads) {
        this.server = server;
        this.upstream = upstream;
        this.threads = threads;
    }

    /** Relays a free loopback port to the host and port of that endpoint (an http URI). */
    public static ConnectionCutter to(URI endpoint) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            ExecutorService threads = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "connection-cutter-" + endpoint.getPort());
                t.setDaemon(true);
                return t;
            });
            ConnectionCutter cutter = new ConnectionCutter(server,
                    new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), threads);
            threads.execute(cutter::accept);
            return cutter;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The relay's endpoint, to give functions instead of the stand-in's. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Closes every connection open through the relay; returns how many there were. New ones are accepted. */
    public int cutAll() {
        int cut = 0;
        for (Connection connection : Set.copyOf(open)) {
            connection.close();
            cut++;
        }
        return cut;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cutAll();
        threads.shutdownNow();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket target = new Socket();
                try {
                    target.connect(upstream);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                Connection connection = new Connection(client, target);
                open.add(connection);
                threads.execute(() -> connection.pump(client, target));
                threads.execute(() -> connection.pump(target, client));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("connection cutter: " + e.getMessage());
                }
            }
        }
    }

    /** One relayed connection: both sockets, closed together. */
    private final class Connection {
        private final Socket client;
        private final Socket target;

        Connection(Socket client, Socket target) throws IOException {
            this.client = client;
            this.target = target;
            // As the Runtime API: without TCP_NODELAY a relayed exchange can wait for a delayed ACK (~40 ms).
            client.setTcpNoDelay(true);
            target.setTcpNoDelay(true);
        }

        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[BUFFER];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side went away (or was cut): the connection ends
            } finally {
                close();
            }
        }

        void close() {
            open.remove(this);
            closeQuietly(client);
            closeQuietly(target);
        }

        private void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
