package com.cordiul.webhooks;

import java.util.List;

/**
 * The event types an endpoint can subscribe to: one per status a call takes, {@code call.} + the status with
 * {@code -} written {@code _}. Kept here, not derived from the calls package, so that the calls side can publish
 * events without a package cycle.
 */
public final class WebhookEventTypes {

    /** Every type, in the order calls move through them. */
    public static final List<String> ALL = List.of("call.initiating", "call.queued", "call.ringing",
            "call.in_progress", "call.completed", "call.busy", "call.no_answer", "call.failed", "call.canceled");

    private WebhookEventTypes() {
    }

    /** Whether the type is one of {@link #ALL}. */
    public static boolean isKnown(String type) {
        return ALL.contains(type);
    }

    /** The type of a call status's wire name, e.g. {@code in-progress} becomes {@code call.in_progress}. */
    public static String ofCallStatus(String status) {
        return "call." + status.replace('-', '_');
    }

    /** Every type, comma-separated, for error messages. */
    public static String allValues() {
        return String.join(", ", ALL);
    }
}
