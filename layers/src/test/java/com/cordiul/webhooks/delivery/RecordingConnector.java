package com.cordiul.webhooks.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A connector that records every address a delivery asked to connect to, and connects instead to a loopback port
 * (the test receiver's), or to nothing: so a test proves where deliveries would go without any traffic leaving the
 * machine, and that a refused address was never connected to.
 */
final class RecordingConnector implements Connector {

    private final List<InetSocketAddress> attempts = new CopyOnWriteArrayList<>();
    private final int loopbackPort;

    /** Connects every attempt to this loopback port instead (0: refuses every attempt, connecting nowhere). */
    RecordingConnector(int loopbackPort) {
        this.loopbackPort = loopbackPort;
    }

    @Override
    public Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException {
        attempts.add(address);
        if (loopbackPort == 0) {
            throw new java.net.ConnectException("refused by the test connector");
        }
        return Connector.system().connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), loopbackPort),
                timeoutMillis);
    }

    /** Every address asked for, in order. */
    List<InetSocketAddress> attempts() {
        return List.copyOf(attempts);
    }
}
