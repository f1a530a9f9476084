package com.cordiul.webhooks.url;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses a webhook may be delivered to: only globally reachable unicast ones. Refused, for IPv4: this
 * network and the unspecified address (0/8), private (10/8, 172.16/12, 192.168/16), shared (100.64/10), loopback
 * (127/8), link-local with the instance metadata address (169.254/16), IETF protocol assignments (192.0.0/24), the
 * documentation and benchmarking ranges, the 6to4 relay (192.88.99/24), multicast (224/4), reserved and broadcast
 * (240/4). For IPv6: everything outside global unicast (2000::/3) but the two forms that embed an IPv4 address
 * (IPv4-mapped ::ffff:0:0/96 and NAT64 64:ff9b::/96, judged by that IPv4 address), the IETF protocol assignments
 * (2001::/23, Teredo among them), documentation (2001:db8::/32, 3fff::/20) and SRv6 (5f00::/16); 6to4 (2002::/16) is
 * judged by the IPv4 address it embeds. Unique local (fc00::/7, where the instance metadata's fd00:ec2::254 lives),
 * link-local (fe80::/10), site-local and multicast are outside 2000::/3.
 */
public final class AddressRules {

    private AddressRules() {
    }

    /** Why the address is refused (e.g. "a private address"), or empty when a webhook may go there. */
    public static Optional<String> refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? ipv4(toInt(bytes, 0)) : ipv6(bytes);
    }

    /** Why the IPv4 address (as an unsigned 32-bit value in an int) is refused, or empty. */
    static Optional<String> ipv4(int a) {
        if (in(a, 0x00000000, 8)) {
            return Optional.of("the unspecified address or \"this network\" (0.0.0.0/8)");
        } else if (in(a, 0x0A000000, 8) || in(a, 0xAC100000, 12) || in(a, 0xC0A80000, 16)) {
            return Optional.of("a private address");
        } else if (in(a, 0x64400000, 10)) {
            return Optional.of("a shared (carrier-grade NAT) address");
        } else if (in(a, 0x7F000000, 8)) {
            return Optional.of("a loopback address");
        } else if (in(a, 0xA9FE0000, 16)) {
            return Optional.of("a link-local address (169.254.0.0/16, where the instance metadata service lives)");
        } else if (in(a, 0xE0000000, 4)) {
            return Optional.of("a multicast address");
        } else if (in(a, 0xF0000000, 4)) {
            return Optional.of("a reserved or broadcast address");
        } else if (in(a, 0xC0000000, 24) || in(a, 0xC0000200, 24) || in(a, 0xC6336400, 24)
                || in(a, 0xCB007100, 24) || in(a, 0xC6120000, 15) || in(a, 0xC0586300, 24)) {
            return Optional.of("a special-purpose address that is not globally reachable");
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6(byte[] b) {
        int first = toInt(b, 0);
        if (first == 0 && toInt(b, 4) == 0 && toInt(b, 8) == 0xFFFF) {
            return ipv4(toInt(b, 12)).map(reason -> reason + " (IPv4-mapped)");
        }
        if (first == 0x0064FF9B && toInt(b, 4) == 0 && toInt(b, 8) == 0) {
            return ipv4(toInt(b, 12)).map(reason -> reason + " (NAT64)");
        }
        if (first == 0 && toInt(b, 4) == 0 && toInt(b, 8) == 0) {
            int last = toInt(b, 12);
            if (last == 0) {
                return Optional.of("the unspecified address (::)");
            } else if (last == 1) {
                return Optional.of("a loopback address (::1)");
            }
        }
        int top = (b[0] & 0xFF) << 8 | b[1] & 0xFF;
        if ((b[0] & 0xE0) != 0x20) {
            return Optional.of(describeOutsideGlobalUnicast(b[0] & 0xFF, b[1] & 0xFF));
        }
        if (top == 0x2002) {
            return ipv4(toInt(b, 2)).map(reason -> reason + " (6to4)");
        }
        if (in(first, 0x20010000, 23) || in(first, 0x20010DB8, 32) || in(first, 0x3FFF0000, 20) || top == 0x5F00) {
            return Optional.of("a special-purpose IPv6 address that is not globally reachable");
        }
        return Optional.empty();
    }

    private static String describeOutsideGlobalUnicast(int b0, int b1) {
        if (b0 == 0xFF) {
            return "a multicast address";
        } else if (b0 == 0xFE && (b1 & 0xC0) == 0x80) {
            return "a link-local address (fe80::/10)";
        } else if ((b0 & 0xFE) == 0xFC) {
            return "a unique local (private) address (fc00::/7)";
        }
        return "a reserved IPv6 address (outside global unicast)";
    }

    private static boolean in(int address, int network, int prefix) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (address & mask) == (network & mask);
    }

    private static int toInt(byte[] b, int offset) {
        return (b[offset] & 0xFF) << 24 | (b[offset + 1] & 0xFF) << 16 | (b[offset + 2] & 0xFF) << 8
                | b[offset + 3] & 0xFF;
    }
}
