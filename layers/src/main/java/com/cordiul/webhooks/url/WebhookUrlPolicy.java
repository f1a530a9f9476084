package com.cordiul.webhooks.url;

import com.cordiul.core.Environment;

/**
 * What webhook URLs the stack accepts beyond public {@code https}: with {@code allowLocalhost} (the template's
 * {@code WebhookAllowLocalhost}, on under {@code ./dev}, off by default in deploys) also
 * {@code http://127.0.0.1:<port>} and {@code http://localhost:<port>}, for a receiver on the developer's machine.
 *
 * @param allowLocalhost whether the two local forms are admitted
 */
public record WebhookUrlPolicy(boolean allowLocalhost) {

    /** The variable that carries the template parameter. */
    public static final String VARIABLE = "WEBHOOK_ALLOW_LOCALHOST";

    /** Public {@code https} only. */
    public static WebhookUrlPolicy strict() {
        return new WebhookUrlPolicy(false);
    }

    /** From {@code WEBHOOK_ALLOW_LOCALHOST} ({@code true} admits the local forms; anything else does not). */
    public static WebhookUrlPolicy fromEnvironment() {
        return new WebhookUrlPolicy("true".equals(Environment.getOrDefault(VARIABLE, "false")));
    }
}
