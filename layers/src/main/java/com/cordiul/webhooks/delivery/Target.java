package com.cordiul.webhooks.delivery;

/**
 * An endpoint an event goes to, fixed when the event is fanned out.
 *
 * @param endpointId the endpoint
 * @param slot       its slot in the endpoints table
 */
public record Target(String endpointId, int slot) {
}
