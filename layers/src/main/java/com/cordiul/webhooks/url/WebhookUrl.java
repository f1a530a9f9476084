package com.cordiul.webhooks.url;

import com.cordiul.core.InvalidRequestException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A webhook endpoint's URL, read strictly: {@code https} only, no user info, no fragment, a DNS name or an IP
 * literal as host (an IPv4 address in any of its spellings is read as the address it is), and a host that is itself
 * a refused address ({@link AddressRules}) or a name of the loopback ({@code localhost}, {@code *.localhost}) is
 * refused before anything resolves it. Under {@link WebhookUrlPolicy#allowLocalhost} the two local forms
 * {@code http://127.0.0.1:<port>} and {@code http://localhost:<port>} are admitted too, and go to 127.0.0.1.
 *
 * @param text         the URL exactly as registered
 * @param https        whether it is {@code https} (otherwise one of the local forms)
 * @param host         the host, lower-cased, without a trailing dot or IPv6 brackets
 * @param port         the port connected to
 * @param hostHeader   the {@code Host} header: the host as written (brackets kept), with the port if not the default
 * @param requestTarget the path and query sent in the request line ({@code /} when the URL has no path)
 * @param literal      the address when the host is an IP literal
 * @param local        one of the admitted local forms
 */
public record WebhookUrl(String text, boolean https, String host, int port, String hostHeader, String requestTarget,
                         Optional<InetAddress> literal, boolean local) {

    /** The longest URL accepted. */
    public static final int MAX_LENGTH = 2048;
    /** Where the local forms connect. */
    public static final InetAddress LOOPBACK = loopback();

    private static final String FIELD = "url";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private static final int MAX_HOST_LENGTH = 253;

    /**
     * Reads and checks a URL.
     *
     * @throws InvalidRequestException naming the field {@code url} when it is malformed or not admitted
     * @throws AddressNotAllowedException when its host is a refused address or a loopback name
     */
    public static WebhookUrl parse(String text, WebhookUrlPolicy policy) {
        if (text == null || text.isEmpty()) {
            throw invalid("Field 'url' must not be empty.");
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid("Field 'url' must be at most " + MAX_LENGTH + " characters.");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw invalid("Field 'url' must be ASCII without spaces or controls (write an international "
                        + "domain name in its xn-- form, and percent-encode the rest).");
            }
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid("Field 'url' is not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw invalid(schemeRule(policy));
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
            throw invalid("Field 'url' must have a host, e.g. https://hooks.example.com/cordiul.");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("Field 'url' must not have a fragment (#...): it is never sent.");
        }
        String authority = uri.getRawAuthority();
        if (authority.contains("@")) {
            throw invalid("Field 'url' must not hold user info (user:password@): send credentials in the path or "
                    + "query, or verify the signature instead.");
        }
        return fromAuthority(text, scheme.equals("https"), authority, requestTarget(uri), policy);
    }

    private static WebhookUrl fromAuthority(String text, boolean https, String authority, String target,
                                            WebhookUrlPolicy policy) {
        String hostPart;
        String portPart = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid("Field 'url' has an unclosed IPv6 literal.");
            }
            hostPart = authority.substring(0, close + 1);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw invalid("Field 'url' has a malformed host.");
                }
                portPart = rest.substring(1);
            }
        } else {
            int colon = authority.indexOf(':');
            hostPart = colon < 0 ? authority : authority.substring(0, colon);
            portPart = colon < 0 ? null : authority.substring(colon + 1);
        }
        int port = port(portPart, https);
        String host = hostPart.toLowerCase(Locale.ROOT);
        String hostHeader = portPart == null || port == (https ? 443 : 80) ? hostPart : hostPart + ":" + port;
        if (!https) {
            boolean localForm = policy.allowLocalhost() && portPart != null
                    && (host.equals("127.0.0.1") || host.equals("localhost"));
            if (!localForm) {
                throw invalid(schemeRule(policy));
            }
            return new WebhookUrl(text, false, host, port, hostHeader, target, Optional.empty(), true);
        }
        if (host.startsWith("[")) {
            InetAddress address = ipv6(host.substring(1, host.length() - 1));
            requireAllowed(address, hostPart);
            return new WebhookUrl(text, true, host.substring(1, host.length() - 1), port, hostHeader, target,
                    Optional.of(address), false);
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty()) {
            throw invalid("Field 'url' must have a host.");
        }
        if (Ipv4Literal.endsInNumber(name)) {
            int value = Ipv4Literal.parse(name).orElseThrow(() -> invalid(
                    "Field 'url' has a host that ends in a number but is not an IPv4 address."));
            InetAddress address = ipv4(value);
            requireAllowed(address, hostPart);
            return new WebhookUrl(text, true, Ipv4Literal.format(value), port, hostHeader, target,
                    Optional.of(address), false);
        }
        requireDnsName(name);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            throw new AddressNotAllowedException("The webhook URL's host '" + name + "' names the loopback; "
                    + "webhooks go to public addresses only.");
        }
        return new WebhookUrl(text, true, name, port, hostHeader, target, Optional.empty(), false);
    }

    /** Never prints the URL, whose path or query may hold the customer's own token. */
    @Override
    public String toString() {
        return "WebhookUrl[" + (https ? "https" : "http") + "://" + host + ":" + port + "/...]";
    }

    private static String schemeRule(WebhookUrlPolicy policy) {
        return "Field 'url' must be an https URL" + (policy.allowLocalhost()
                ? ", or http://127.0.0.1:<port> or http://localhost:<port> for a local receiver." : ".");
    }

    private static int port(String text, boolean https) {
        if (text == null || text.isEmpty()) {
            if (text != null) {
                throw invalid("Field 'url' has an empty port.");
            }
            return https ? 443 : 80;
        }
        if (!PORT.matcher(text).matches()) {
            throw invalid("Field 'url' has a malformed port.");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw invalid("Field 'url' has a port outside 1-65535.");
        }
        return port;
    }

    private static String requestTarget(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static void requireDnsName(String name) {
        if (name.length() > MAX_HOST_LENGTH) {
            throw invalid("Field 'url' has a host longer than " + MAX_HOST_LENGTH + " characters.");
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw invalid("Field 'url' has a host that is not a DNS name (letters, digits and hyphens in "
                        + "labels of 1-63 characters).");
            }
        }
    }

    private static void requireAllowed(InetAddress address, String hostAsWritten) {
        AddressRules.refusal(address).ifPresent(reason -> {
            throw new AddressNotAllowedException("The webhook URL's host " + hostAsWritten + " is " + reason
                    + "; webhooks go to public addresses only.");
        });
    }

    private static InetAddress ipv6(String literal) {
        if (!IPV6.matcher(literal).matches() || !literal.contains(":")) {
            throw invalid("Field 'url' has a malformed IPv6 literal (zone ids are not accepted).");
        }
        try {
            // In brackets, a literal of hex digits, colons and dots is parsed, or refused, never looked up.
            return InetAddress.getByName("[" + literal + "]");
        } catch (UnknownHostException e) {
            throw invalid("Field 'url' has a malformed IPv6 literal.");
        }
    }

    private static InetAddress ipv4(int value) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16),
                (byte) (value >>> 8), (byte) value});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress loopback() {
        return ipv4(0x7F000001);
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(FIELD, message);
    }
}
