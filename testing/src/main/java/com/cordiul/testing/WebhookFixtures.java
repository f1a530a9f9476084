package com.cordiul.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/** What the webhook functions' tests share: the sample events' ids, and a resolver that never leaves the machine. */
public final class WebhookFixtures {

    /** The endpoint id of the sample events. */
    public static final String ENDPOINT_ID = "we_01JN8EY5Q3XYAFA9W4H69KSH18";
    /** The event id of the sample queue events. */
    public static final String EVENT_ID = "evt_01JN8F0Q2W7R5T3Y9V6X4Z8B1C";
    /** The owner of the sample events. */
    public static final String OWNER = "user_2abc";
    /** A public address the sample URL's host resolves to in tests (no connection is ever made to it). */
    public static final String PUBLIC_ADDRESS = "93.184.216.34";

    private WebhookFixtures() {
    }

    /** Resolves {@code hooks.example.com} to {@link #PUBLIC_ADDRESS} and nothing else. */
    public static List<InetAddress> resolve(String host) throws UnknownHostException {
        if (!host.equals("hooks.example.com")) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByName(PUBLIC_ADDRESS));
    }

    /** The event aimed at another endpoint id. */
    public static APIGatewayProxyRequestEvent withEndpoint(APIGatewayProxyRequestEvent event, String id) {
        event.setPathParameters(Map.of("id", id));
        event.setPath(event.getPath().replace(ENDPOINT_ID, id));
        return event;
    }
}
