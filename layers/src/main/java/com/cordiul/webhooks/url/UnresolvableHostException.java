package com.cordiul.webhooks.url;

import com.cordiul.core.InvalidRequestException;

/** The webhook URL's host name has no address: a 400 at registration, a failed attempt at delivery. */
public final class UnresolvableHostException extends InvalidRequestException {

    private static final long serialVersionUID = 1L;

    public UnresolvableHostException(String message) {
        super("url", message);
    }
}
