package com.cordiul.bench.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ConnectionCutterTest {

    @Test
    void relaysBothWays_thenCutsOpenConnections_andStillAcceptsNewOnes() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ConnectionCutter cutter = ConnectionCutter.to(URI.create("http://127.0.0.1:" + echo.getLocalPort()))) {
            Thread server = new Thread(() -> serveEcho(echo));
            server.setDaemon(true);
            server.start();
            URI relay = URI.create(cutter.endpoint());

            try (Socket first = new Socket(relay.getHost(), relay.getPort())) {
                assertThat(roundTrip(first, 'a')).isEqualTo('a');
                assertThat(cutter.cutAll()).isEqualTo(1);
                assertThat(first.getInputStream().read()).isEqualTo(-1);
            }
            try (Socket second = new Socket(relay.getHost(), relay.getPort())) {
                assertThat(roundTrip(second, 'b')).isEqualTo('b');
            }
        }
    }

    private static char roundTrip(Socket socket, char c) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(c);
        out.flush();
        return (char) socket.getInputStream().read();
    }

    private static void serveEcho(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> {
                    try (socket; InputStream in = socket.getInputStream();
                            OutputStream out = socket.getOutputStream()) {
                        int b;
                        while ((b = in.read()) >= 0) {
                            out.write(b);
                            out.flush();
                        }
                    } catch (IOException ignored) {
                        // the relay cut it
                    }
                });
                t.setDaemon(true);
                t.start();
            } catch (IOException ignored) {
                // closed
            }
        }
    }
}
