package com.cordiul.webhooks.delivery;

/** Where one event's delivery to one endpoint stands. */
public enum DeliveryState {
    /** Not delivered yet: an attempt is due (or under way). */
    PENDING("pending"),
    /** The endpoint answered 2xx. */
    DELIVERED("delivered"),
    /** Given up: every attempt failed, or the endpoint answered 410 Gone. */
    FAILED("failed"),
    /** Not attempted: the endpoint was deleted or disabled when the delivery came due. */
    DROPPED("dropped");

    private final String value;

    DeliveryState(String value) {
        this.value = value;
    }

    /** The stored name. */
    public String value() {
        return value;
    }

    /** The state stored under that name. */
    public static DeliveryState of(String value) {
        for (DeliveryState state : values()) {
            if (state.value.equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown delivery state " + value);
    }
}
