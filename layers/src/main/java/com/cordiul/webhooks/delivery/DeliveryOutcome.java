package com.cordiul.webhooks.delivery;

/** What one delivery message came to, as the delivery function counts it ({@code WebhookDeliveries}). */
public enum DeliveryOutcome {
    /** The message named nothing to do: a duplicate, a stale message, a delivery under way elsewhere. */
    IGNORED(null),
    /** The endpoint answered 2xx. */
    DELIVERED("delivered"),
    /** The attempt failed; the next one is due on the retry schedule. */
    RETRYING("retrying"),
    /** Given up: the endpoint answered 410 Gone, or the last attempt failed. */
    FAILED("failed"),
    /** Not attempted: the endpoint was deleted or disabled. */
    DROPPED("dropped"),
    /** Not attempted yet: the endpoint was busy or its circuit open; due again soon. */
    DEFERRED("deferred");

    private final String value;

    DeliveryOutcome(String value) {
        this.value = value;
    }

    /** The metric's dimension value, or null for {@link #IGNORED} (not counted). */
    public String value() {
        return value;
    }
}
