package com.cordiul.webhooks;

import com.cordiul.core.SortableId;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.logging.Log;
import com.cordiul.webhooks.url.WebhookAddressGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Registering, listing, deleting, re-keying and re-enabling an owner's webhook endpoints, with the ownership and
 * permission rules: {@code webhooks:read} to read, {@code webhooks:write} to
 * change; another owner's endpoint is not found.
 */
public final class WebhookEndpointService {

    /** What every endpoint id starts with. */
    public static final String ID_PREFIX = "we_";
    /** Endpoints an owner may have at once. */
    public static final int MAX_PER_OWNER = 10;
    /** How long the previous secret keeps signing after a rotation. */
    public static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

    private final WebhookEndpointStore store;
    private final WebhookAddressGuard guard;
    private final WebhookSecret secrets;
    private final SortableId ids;
    private final Clock clock;

    public WebhookEndpointService(WebhookEndpointStore store, WebhookAddressGuard guard, WebhookSecret secrets,
                                  SortableId ids, Clock clock) {
        this.store = store;
        this.guard = guard;
        this.secrets = secrets;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Registers an endpoint after checking its URL's addresses, in a free slot of the owner's ten; the answer holds
     * its secret, shown this once.
     */
    public CreatedWebhookEndpoint create(Caller caller, NewWebhookEndpoint request) {
        caller.require(Permission.WEBHOOKS_WRITE);
        guard.addresses(request.url());
        String id = ID_PREFIX + ids.next();
        String secret = secrets.generate();
        Instant now = clock.instant();
        for (int tries = 0; tries <= MAX_PER_OWNER; tries++) {
            Set<Integer> used = new HashSet<>();
            store.listByOwner(caller.owner()).forEach(e -> used.add(e.slot()));
            if (used.size() >= MAX_PER_OWNER) {
                throw new WebhookEndpointLimitException("An account has at most " + MAX_PER_OWNER
                        + " webhook endpoints; delete one before registering another.");
            }
            int slot = 0;
            while (used.contains(slot)) {
                slot++;
            }
            WebhookEndpoint endpoint = new WebhookEndpoint(caller.owner(), slot, id, request.url().text(),
                    request.events(), request.description(), true, null, now, secret, null, null,
                    EndpointHealth.healthy(), Map.of());
            if (store.insert(endpoint)) {
                Log.info("webhook endpoint created", "endpoint_id", id);
                WebhookEndpointView view = WebhookEndpointView.of(endpoint);
                return new CreatedWebhookEndpoint(id, view.url(), view.events(), view.description(), secret,
                        view.createdAt());
            }
        }
        // Every try lost its slot to a concurrent registration: the owner is at the limit by now.
        throw new WebhookEndpointLimitException("An account has at most " + MAX_PER_OWNER
                + " webhook endpoints; delete one before registering another.");
    }

    /** The owner's endpoints, oldest first. */
    public List<WebhookEndpointView> list(Caller caller) {
        caller.require(Permission.WEBHOOKS_READ);
        return store.listByOwner(caller.owner()).stream().map(WebhookEndpointView::of).toList();
    }

    /** Deletes one of the owner's endpoints: no delivery is made to it from then on. */
    public WebhookEndpointView delete(Caller caller, String id) {
        caller.require(Permission.WEBHOOKS_WRITE);
        WebhookEndpoint found = owned(caller, id);
        WebhookEndpoint deleted = store.delete(found.owner(), found.slot(), found.id())
                .orElseThrow(WebhookEndpointService::notFound);
        Log.info("webhook endpoint deleted", "endpoint_id", id);
        return WebhookEndpointView.of(deleted);
    }

    /**
     * Gives the endpoint a new secret, shown this once; for {@link #ROTATION_OVERLAP} every delivery is signed with
     * both the new and the old one. A second rotation within that time ends the first one's overlap.
     */
    public RotatedSecret rotateSecret(Caller caller, String id) {
        caller.require(Permission.WEBHOOKS_WRITE);
        for (int tries = 0; tries < 3; tries++) {
            WebhookEndpoint found = owned(caller, id);
            String secret = secrets.generate();
            if (store.rotate(found, secret, clock.instant().plus(ROTATION_OVERLAP))) {
                Log.info("webhook secret rotated", "endpoint_id", id);
                return new RotatedSecret(secret);
            }
        }
        throw new WebhookEndpointBusyException("The endpoint's secret is being rotated by another request; "
                + "retry in a moment.");
    }

    /**
     * Enables the endpoint again and forgets its failures. Deliveries that came due while it was disabled were
     * dropped and are not made again: the call's event history has every event.
     */
    public WebhookEndpointView enable(Caller caller, String id) {
        caller.require(Permission.WEBHOOKS_WRITE);
        WebhookEndpoint found = owned(caller, id);
        WebhookEndpoint enabled = store.enable(found).orElseThrow(WebhookEndpointService::notFound);
        Log.info("webhook endpoint enabled", "endpoint_id", id);
        return WebhookEndpointView.of(enabled);
    }

    /** One of the owner's endpoints (not found when it is another owner's). */
    public WebhookEndpoint get(Caller caller, String id) {
        caller.require(Permission.WEBHOOKS_READ);
        return owned(caller, id);
    }

    /** Whether the text is an endpoint id (a malformed one is simply not found). */
    public static boolean isEndpointId(String id) {
        return id != null && id.startsWith(ID_PREFIX) && SortableId.isValid(id.substring(ID_PREFIX.length()));
    }

    private WebhookEndpoint owned(Caller caller, String id) {
        if (!isEndpointId(id)) {
            throw notFound();
        }
        Optional<WebhookEndpoint> found = store.find(caller.owner(), id);
        return found.orElseThrow(WebhookEndpointService::notFound);
    }

    private static WebhookEndpointNotFoundException notFound() {
        return new WebhookEndpointNotFoundException("No webhook endpoint with this id.");
    }
}
