package com.cordiul.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for CloudFormation's pre-signed {@code ResponseURL}: a plain-socket HTTP/1.1 server on loopback
 * that keeps every request exactly as it came on the wire (request line, header lines, body), so that a test sees
 * what a client really sent, e.g. whether a {@code Content-Type} header is present and empty. It answers 200, or the
 * statuses queued with {@link #answerNext}, with an empty body, one request per connection.
 */
public final class ResponseUrlServer implements AutoCloseable {

    /**
     * One request as received.
     *
     * @param method the request line's method
     * @param target the request line's target (path and query)
     * @param headerLines the header lines, verbatim and in order
     * @param body the body's bytes
     */
    public record Received(String method, String target, List<String> headerLines, byte[] body) {

        /** Every value of a header (name in any case), verbatim after the colon and optional whitespace. */
        public List<String> header(String name) {
            List<String> values = new ArrayList<>();
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : headerLines) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    values.add(line.substring(prefix.length()).strip());
                }
            }
            return values;
        }

        /** The body as UTF-8 text. */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket socket;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final Thread acceptor;

    private ResponseUrlServer(ServerSocket socket) {
        this.socket = socket;
        this.acceptor = new Thread(this::acceptAll, "response-url-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a free loopback port. */
    public static ResponseUrlServer start() {
        try {
            return new ResponseUrlServer(new ServerSocket(0, 16, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A URL of this server, shaped like a pre-signed one: {@code http://127.0.0.1:port/<path>?<query>}. */
    public URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/" + pathAndQuery);
    }

    /** The next requests are answered with these statuses, in order (then 200 again). */
    public void answerNext(int... next) {
        for (int status : next) {
            statuses.add(status);
        }
    }

    /** Every request so far, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until that many requests have come, at most the timeout; returns them. */
    public List<Received> await(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return received();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a listening socket has nothing left to report.
        }
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connection.setSoTimeout(10_000);
                serve(connection);
            } catch (IOException e) {
                // The socket closed (end of test) or a client went away mid-request: nothing to record.
            }
        }
    }

    private void serve(Socket connection) throws IOException {
        InputStream in = connection.getInputStream();
        List<String> lines = new ArrayList<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            lines.add(line);
        }
        if (lines.isEmpty()) {
            return;
        }
        String[] requestLine = lines.get(0).split(" ");
        Received head = new Received(requestLine[0], requestLine.length > 1 ? requestLine[1] : "",
                lines.subList(1, lines.size()), new byte[0]);
        int length = head.header("Content-Length").isEmpty() ? 0 : Integer.parseInt(head.header("Content-Length")
                .get(0));
        byte[] body = in.readNBytes(length);
        received.add(new Received(head.method(), head.target(), List.copyOf(head.headerLines()), body));
        Integer status = statuses.poll();
        OutputStream out = connection.getOutputStream();
        out.write(("HTTP/1.1 " + (status == null ? 200 : status) + " Answer\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One CRLF-terminated line (ISO-8859-1, as HTTP/1.1 heads are), or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
