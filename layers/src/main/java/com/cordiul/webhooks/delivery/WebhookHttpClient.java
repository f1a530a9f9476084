package com.cordiul.webhooks.delivery;

import com.cordiul.webhooks.url.WebhookUrl;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The one HTTP request a delivery makes: a POST over a connection this client opens itself, to an address the guard
 * checked, never to one a resolver picks afterwards (so DNS rebinding cannot redirect it). TLS verifies the
 * certificate against the URL's host name (and sends it as SNI). The whole attempt, connection included, has
 * {@link #TIMEOUT}; only the status line is read (the answer's body is not), redirects are never followed (a 3xx is a
 * failed attempt), and the connection is closed after each attempt. Java's own HTTP clients cannot be told which
 * address to connect to while verifying another name, hence this small client.
 */
public final class WebhookHttpClient {

    /** How long an endpoint has to answer, from the first connection attempt to the status line. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_INTERIM_ANSWERS = 5;

    private final Connector connector;
    private final SSLSocketFactory tls;
    private final Duration timeout;

    public WebhookHttpClient(Connector connector, SSLContext tls, Duration timeout) {
        this.connector = connector;
        this.tls = tls.getSocketFactory();
        this.timeout = timeout;
    }

    /** The production client: system sockets, the JVM's default trust store, {@link #TIMEOUT}. */
    public static WebhookHttpClient standard() {
        try {
            return new WebhookHttpClient(Connector.system(), SSLContext.getDefault(), TIMEOUT);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("No default TLS context", e);
        }
    }

    /** POSTs the body to the URL, connecting to the first of the addresses that accepts a connection. */
    public HttpOutcome post(WebhookUrl url, List<InetAddress> addresses, Map<String, String> headers, byte[] body) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Socket socket = null;
        String error = "connection_error";
        for (InetAddress address : addresses) {
            int remaining = remainingMillis(deadline);
            if (remaining <= 0) {
                error = "timeout";
                break;
            }
            try {
                socket = connector.connect(new InetSocketAddress(address, url.port()),
                        Math.min(remaining, CONNECT_TIMEOUT_MILLIS));
                break;
            } catch (ConnectException e) {
                error = "connection_refused";
            } catch (SocketTimeoutException e) {
                error = "timeout";
            } catch (IOException e) {
                error = "connection_error";
            }
        }
        if (socket == null) {
            return new HttpOutcome(null, error, elapsedMillis(start));
        }
        try (Socket connection = socket) {
            return new HttpOutcome(exchange(connection, url, headers, body, deadline), null, elapsedMillis(start));
        } catch (SocketTimeoutException e) {
            return new HttpOutcome(null, "timeout", elapsedMillis(start));
        } catch (SSLException e) {
            return new HttpOutcome(null, "tls_error", elapsedMillis(start));
        } catch (InvalidResponseException e) {
            return new HttpOutcome(null, "invalid_response", elapsedMillis(start));
        } catch (IOException e) {
            return new HttpOutcome(null, "connection_error", elapsedMillis(start));
        }
    }

    private int exchange(Socket socket, WebhookUrl url, Map<String, String> headers, byte[] body, long deadline)
            throws IOException {
        socket.setTcpNoDelay(true);
        Socket stream = socket;
        if (url.https()) {
            stream = handshake(socket, url, deadline);
        }
        stream.setSoTimeout(Math.max(1, remainingMillis(deadline)));
        OutputStream out = stream.getOutputStream();
        out.write(requestHead(url, headers, body.length));
        out.write(body);
        out.flush();
        InputStream in = new BufferedInputStream(stream.getInputStream());
        for (int answers = 0; answers < MAX_INTERIM_ANSWERS; answers++) {
            int status = statusCode(readLine(in, stream, deadline));
            if (status >= 200 || status < 100) {
                return status;
            }
            // An interim answer (100 Continue, 103 Early Hints): its headers end with a blank line, then the real one.
            while (!readLine(in, stream, deadline).isEmpty()) {
                continue;
            }
        }
        throw new InvalidResponseException();
    }

    private Socket handshake(Socket socket, WebhookUrl url, long deadline) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, url.host(), url.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (url.literal().isEmpty()) {
            parameters.setServerNames(List.of(new SNIHostName(url.host())));
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(Math.max(1, remainingMillis(deadline)));
        ssl.startHandshake();
        return ssl;
    }

    private static byte[] requestHead(WebhookUrl url, Map<String, String> headers, int length) {
        StringBuilder head = new StringBuilder(512);
        head.append("POST ").append(url.requestTarget()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(url.hostHeader()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String readLine(InputStream in, Socket socket, long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int remaining = remainingMillis(deadline);
            if (remaining <= 0) {
                throw new SocketTimeoutException("deadline");
            }
            socket.setSoTimeout(remaining);
            int b = in.read();
            if (b < 0) {
                throw new InvalidResponseException();
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() >= MAX_LINE) {
                throw new InvalidResponseException();
            }
            line.write(b);
        }
    }

    private static int statusCode(String statusLine) throws InvalidResponseException {
        // "HTTP/1.1 200 OK": the version, a space, three digits, then a space and a reason (or nothing).
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' '
                || statusLine.length() > 12 && statusLine.charAt(12) != ' ') {
            throw new InvalidResponseException();
        }
        String code = statusLine.substring(9, 12);
        if (!code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidResponseException();
        }
        return Integer.parseInt(code);
    }

    private static int remainingMillis(long deadline) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (deadline - System.nanoTime()) / 1_000_000));
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The endpoint answered something that is not HTTP/1.x. */
    private static final class InvalidResponseException extends IOException {
        private static final long serialVersionUID = 1L;

        InvalidResponseException() {
            super("not an HTTP/1.x answer");
        }
    }
}
