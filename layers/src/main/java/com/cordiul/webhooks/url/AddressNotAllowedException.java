package com.cordiul.webhooks.url;

import com.cordiul.core.InvalidRequestException;

/**
 * The webhook URL's host is, or resolves to, an address no webhook may reach (loopback, private, link-local...):
 * a 400 at registration, a failed attempt (never a connection) at delivery.
 */
public final class AddressNotAllowedException extends InvalidRequestException {

    private static final long serialVersionUID = 1L;

    public AddressNotAllowedException(String message) {
        super("url", message);
    }
}
