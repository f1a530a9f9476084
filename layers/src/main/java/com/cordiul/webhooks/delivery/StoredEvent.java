package com.cordiul.webhooks.delivery;

import java.util.List;
import java.util.Optional;

/**
 * An event as the events table keeps it: its body exactly as every attempt sends it, whether it still waits to be
 * fanned out, and the endpoints it goes to once that was decided.
 *
 * @param owner    the owner
 * @param id       the event id
 * @param type     its type
 * @param body     the body delivered
 * @param pending  whether it is not fanned out yet
 * @param targets  the endpoints it goes to, once fixed
 */
public record StoredEvent(String owner, String id, String type, String body, boolean pending,
                          Optional<List<Target>> targets) {

    /** Never prints the body. */
    @Override
    public String toString() {
        return "StoredEvent[owner=" + owner + ", id=" + id + ", type=" + type + ", pending=" + pending + "]";
    }
}
