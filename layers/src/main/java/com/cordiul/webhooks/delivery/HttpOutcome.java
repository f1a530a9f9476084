package com.cordiul.webhooks.delivery;

/**
 * What one POST to an endpoint came to: the status it answered, or why it did not answer.
 *
 * @param statusCode the HTTP status, or null
 * @param error      {@code timeout}, {@code connection_refused}, {@code tls_error}, {@code connection_error},
 *                   {@code invalid_response}, {@code address_not_allowed} or {@code dns_error}; null with a status
 * @param durationMs how long it took
 */
public record HttpOutcome(Integer statusCode, String error, long durationMs) {

    /** Whether the endpoint took the event: a 2xx. */
    public boolean delivered() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    /** Whether the endpoint answered 410 Gone: it wants no more deliveries. */
    public boolean gone() {
        return statusCode != null && statusCode == 410;
    }

    /** What the log says of it: the status or the error. */
    public String summary() {
        return statusCode != null ? "HTTP " + statusCode : error;
    }
}
