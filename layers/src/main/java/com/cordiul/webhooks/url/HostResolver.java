package com.cordiul.webhooks.url;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into its addresses: the system's resolver in production, a fixed table in tests. */
@FunctionalInterface
public interface HostResolver {

    /** Every address of the name, in the resolver's order. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The system resolver ({@link InetAddress#getAllByName}), with the JVM's own DNS cache. */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
