package com.cordiul.webhooks.url;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Decides where a webhook may connect: the addresses of its URL's host, every one of them allowed by
 * {@link AddressRules}. Run at registration and again before every delivery attempt (DNS can change); the caller
 * connects to the addresses returned here and to no other, so that a name re-pointed between the check and the
 * connection (DNS rebinding) cannot reach a private address.
 */
public final class WebhookAddressGuard {

    private final HostResolver resolver;

    public WebhookAddressGuard(HostResolver resolver) {
        this.resolver = resolver;
    }

    /** The system resolver's guard. */
    public static WebhookAddressGuard system() {
        return new WebhookAddressGuard(HostResolver.system());
    }

    /**
     * The addresses to connect to, in order.
     *
     * @throws AddressNotAllowedException when the host is, or any of its addresses is, refused
     * @throws UnresolvableHostException when the name has no address
     */
    public List<InetAddress> addresses(WebhookUrl url) {
        if (url.local()) {
            return List.of(WebhookUrl.LOOPBACK);
        }
        if (url.literal().isPresent()) {
            return List.of(url.literal().get());
        }
        List<InetAddress> resolved;
        try {
            resolved = resolver.resolve(url.host());
        } catch (UnknownHostException | SecurityException e) {
            throw new UnresolvableHostException("The webhook URL's host '" + url.host() + "' does not resolve.");
        }
        if (resolved == null || resolved.isEmpty()) {
            throw new UnresolvableHostException("The webhook URL's host '" + url.host() + "' does not resolve.");
        }
        for (InetAddress address : resolved) {
            Optional<String> refusal = AddressRules.refusal(address);
            if (refusal.isPresent()) {
                throw new AddressNotAllowedException("The webhook URL's host '" + url.host() + "' resolves to "
                        + refusal.get() + "; webhooks go to public addresses only.");
            }
        }
        return List.copyOf(resolved);
    }
}
