package com.cordiul.webhooks.delivery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Opens the TCP connection of a delivery, to an address the guard checked: the system's sockets in production; in
 * tests, one that records every attempt, so a test can prove that no connection to a refused address is ever
 * opened.
 */
@FunctionalInterface
public interface Connector {

    /** A connected socket, or an exception (refused, timed out...). */
    Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException;

    /** Plain sockets. */
    static Connector system() {
        return (address, timeoutMillis) -> {
            Socket socket = new Socket();
            try {
                socket.connect(address, timeoutMillis);
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        };
    }
}
