package com.cordiul.webhooks;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.core.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The webhook endpoints table: partition key {@code owner}, sort key {@code slot} (0 to 9), so that an owner's
 * endpoints are one small partition read with one Query and the per-owner limit holds exactly (a new endpoint takes
 * a free slot with a conditional put; two concurrent registrations cannot share one). Every change is one
 * conditional write on the endpoint's id, so a deleted endpoint whose slot was reused is never touched. Any DynamoDB
 * fault surfaces as {@link StoreUnavailableException}.
 *
 * <p>The same item carries the endpoint's delivery state: its health and its attempts under way
 * ({@code inflight}: event id to lease end), which {@link #acquire} and the releases keep.
 */
public final class WebhookEndpointStore {

    // "owner", "status", "url" and "name" are reserved or risky words: expressions name attributes by placeholders.
    static final String OWNER = "owner";
    static final String SLOT = "slot";
    static final String ID = "id";
    static final String URL = "url";
    static final String EVENTS = "events";
    static final String DESCRIPTION = "description";
    static final String STATUS = "status";
    static final String DISABLED_REASON = "disabled_reason";
    static final String DISABLED_AT = "disabled_at";
    static final String CREATED_AT = "created_at";
    static final String SECRET = "secret";
    static final String PREVIOUS_SECRET = "previous_secret";
    static final String PREVIOUS_SECRET_UNTIL = "previous_secret_until";
    static final String FAILING_SINCE = "failing_since";
    static final String FAILURES = "failures";
    static final String OPEN_UNTIL = "open_until";
    static final String INFLIGHT = "inflight";

    private static final String ENABLED = "enabled";
    private static final String DISABLED = "disabled";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public WebhookEndpointStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The table's key of one slot. */
    public static Map<String, AttributeValue> key(String owner, int slot) {
        return Map.of(OWNER, AttributeValue.fromS(owner), SLOT, AttributeValue.fromN(Integer.toString(slot)));
    }

    /** Every endpoint of the owner, oldest first, read strongly consistently. */
    public List<WebhookEndpoint> listByOwner(String owner) {
        List<WebhookEndpoint> endpoints = new ArrayList<>(call(() -> dynamoDb.query(b -> b.tableName(table)
                .consistentRead(true)
                .keyConditionExpression("#owner = :owner")
                .expressionAttributeNames(Map.of("#owner", OWNER))
                .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner)))))
                .items().stream().map(WebhookEndpointStore::toEndpoint).toList());
        endpoints.sort((a, b) -> a.id().compareTo(b.id()));
        return endpoints;
    }

    /** The owner's endpoint with this id, if it has one. */
    public Optional<WebhookEndpoint> find(String owner, String id) {
        return listByOwner(owner).stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The endpoint in this slot, read strongly consistently, if it is still the one with this id. */
    public Optional<WebhookEndpoint> get(String owner, int slot, String id) {
        var response = call(() -> dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(owner, slot))));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        WebhookEndpoint endpoint = toEndpoint(response.item());
        return endpoint.id().equals(id) ? Optional.of(endpoint) : Optional.empty();
    }

    /** Stores a new endpoint in its slot; false when the slot was taken meanwhile. */
    public boolean insert(WebhookEndpoint endpoint) {
        Map<String, AttributeValue> item = new HashMap<>(key(endpoint.owner(), endpoint.slot()));
        item.put(ID, AttributeValue.fromS(endpoint.id()));
        item.put(URL, AttributeValue.fromS(endpoint.url()));
        endpoint.events().ifPresent(types -> item.put(EVENTS,
                AttributeValue.fromL(types.stream().map(AttributeValue::fromS).toList())));
        if (endpoint.description() != null) {
            item.put(DESCRIPTION, AttributeValue.fromS(endpoint.description()));
        }
        item.put(STATUS, AttributeValue.fromS(endpoint.enabled() ? ENABLED : DISABLED));
        item.put(CREATED_AT, AttributeValue.fromS(Timestamps.format(endpoint.createdAt())));
        item.put(SECRET, AttributeValue.fromS(endpoint.secret()));
        // Always present, so that an attempt's lease is one SET of a path in it (DynamoDB needs the map to exist).
        item.put(INFLIGHT, AttributeValue.fromM(Map.of()));
        try {
            call(() -> dynamoDb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#slot)")
                    .expressionAttributeNames(Map.of("#slot", SLOT))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Deletes the endpoint if it is still the one with this id; returns what was deleted. */
    public Optional<WebhookEndpoint> delete(String owner, int slot, String id) {
        try {
            var response = call(() -> dynamoDb.deleteItem(b -> b.tableName(table).key(key(owner, slot))
                    .conditionExpression("#id = :id")
                    .expressionAttributeNames(Map.of("#id", ID))
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(id)))
                    .returnValues(ReturnValue.ALL_OLD)));
            return response.hasAttributes() && !response.attributes().isEmpty()
                    ? Optional.of(toEndpoint(response.attributes())) : Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /**
     * Replaces the secret if it is still {@code expected}, keeping {@code expected} as the previous secret until
     * {@code previousUntil}; false when the endpoint is gone or another rotation got there first.
     */
    public boolean rotate(WebhookEndpoint endpoint, String newSecret, Instant previousUntil) {
        return conditionalUpdate(endpoint, b -> b
                .updateExpression("SET #secret = :new, #previous = :old, #until = :until")
                .conditionExpression("#id = :id AND #secret = :old")
                .expressionAttributeNames(Map.of("#id", ID, "#secret", SECRET, "#previous", PREVIOUS_SECRET,
                        "#until", PREVIOUS_SECRET_UNTIL))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(endpoint.id()),
                        ":new", AttributeValue.fromS(newSecret), ":old", AttributeValue.fromS(endpoint.secret()),
                        ":until", millis(previousUntil)))).isPresent();
    }

    /** Enables the endpoint and forgets its failures; returns it as stored, or empty when it is gone. */
    public Optional<WebhookEndpoint> enable(WebhookEndpoint endpoint) {
        return conditionalUpdate(endpoint, b -> b
                .updateExpression("SET #status = :enabled REMOVE #reason, #at, #failing, #failures, #open")
                .conditionExpression("#id = :id")
                .expressionAttributeNames(Map.of("#id", ID, "#status", STATUS, "#reason", DISABLED_REASON,
                        "#at", DISABLED_AT, "#failing", FAILING_SINCE, "#failures", FAILURES, "#open", OPEN_UNTIL))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(endpoint.id()),
                        ":enabled", AttributeValue.fromS(ENABLED))));
    }

    /** Disables the endpoint, if it is still enabled, with the reason shown to its owner; returns whether it did. */
    public boolean disable(WebhookEndpoint endpoint, String reason, Instant now) {
        return conditionalUpdate(endpoint, b -> b
                .updateExpression("SET #status = :disabled, #reason = :reason, #at = :at")
                .conditionExpression("#id = :id AND #status = :enabled")
                .expressionAttributeNames(Map.of("#id", ID, "#status", STATUS, "#reason", DISABLED_REASON,
                        "#at", DISABLED_AT))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(endpoint.id()),
                        ":enabled", AttributeValue.fromS(ENABLED), ":disabled", AttributeValue.fromS(DISABLED),
                        ":reason", AttributeValue.fromS(reason),
                        ":at", AttributeValue.fromS(Timestamps.format(now))))).isPresent();
    }

    /**
     * Takes a lease for one attempt of the event, in one conditional write: only while the endpoint is still this
     * one and enabled, its circuit is closed ({@code open_until} passed), the event has no live lease, and fewer
     * than {@code concurrency} attempts are under way (one, the probe, while it is failing). Returns the endpoint as
     * stored, or empty when any of that does not hold.
     */
    public Optional<WebhookEndpoint> acquire(String owner, int slot, String id, String eventId, Instant leaseUntil,
                                             Instant now, int concurrency) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":id", AttributeValue.fromS(id));
        values.put(":enabled", AttributeValue.fromS(ENABLED));
        values.put(":now", millis(now));
        values.put(":lease", millis(leaseUntil));
        values.put(":cap", AttributeValue.fromN(Integer.toString(concurrency)));
        values.put(":one", AttributeValue.fromN("1"));
        try {
            var response = call(() -> dynamoDb.updateItem(b -> b.tableName(table).key(key(owner, slot))
                    .updateExpression("SET #inflight.#event = :lease")
                    .conditionExpression("#id = :id AND #status = :enabled"
                            + " AND (attribute_not_exists(#open) OR #open <= :now)"
                            + " AND (attribute_not_exists(#inflight.#event) OR #inflight.#event < :now)"
                            + " AND ((attribute_not_exists(#failing) AND size(#inflight) < :cap)"
                            + " OR size(#inflight) < :one)")
                    .expressionAttributeNames(Map.of("#id", ID, "#status", STATUS, "#open", OPEN_UNTIL,
                            "#inflight", INFLIGHT, "#event", eventId, "#failing", FAILING_SINCE))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)));
            return Optional.of(toEndpoint(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** Ends the event's lease after a delivered attempt: the endpoint is healthy again. */
    public void releaseDelivered(WebhookEndpoint endpoint, String eventId) {
        conditionalUpdate(endpoint, b -> b
                .updateExpression("REMOVE #inflight.#event, #failing, #failures, #open")
                .conditionExpression("#id = :id")
                .expressionAttributeNames(Map.of("#id", ID, "#inflight", INFLIGHT, "#event", eventId,
                        "#failing", FAILING_SINCE, "#failures", FAILURES, "#open", OPEN_UNTIL))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(endpoint.id()))));
    }

    /**
     * Ends the event's lease after a failed attempt: one more failure in a row (from {@code now} if it is the
     * first), and no attempt before {@code openUntil}. Returns the endpoint as stored, or empty when it is gone.
     */
    public Optional<WebhookEndpoint> releaseFailed(WebhookEndpoint endpoint, String eventId, Instant now,
                                                   Instant openUntil) {
        return conditionalUpdate(endpoint, b -> b
                .updateExpression("REMOVE #inflight.#event SET #failing = if_not_exists(#failing, :now),"
                        + " #failures = if_not_exists(#failures, :zero) + :one, #open = :open")
                .conditionExpression("#id = :id")
                .expressionAttributeNames(Map.of("#id", ID, "#inflight", INFLIGHT, "#event", eventId,
                        "#failing", FAILING_SINCE, "#failures", FAILURES, "#open", OPEN_UNTIL))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(endpoint.id()), ":now", millis(now),
                        ":zero", AttributeValue.fromN("0"), ":one", AttributeValue.fromN("1"),
                        ":open", millis(openUntil))));
    }

    /** Ends the event's lease when no attempt was made after all. */
    public void release(WebhookEndpoint endpoint, String eventId) {
        conditionalUpdate(endpoint, b -> b
                .updateExpression("REMOVE #inflight.#event")
                .conditionExpression("#id = :id")
                .expressionAttributeNames(Map.of("#id", ID, "#inflight", INFLIGHT, "#event", eventId))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(endpoint.id()))));
    }

    /**
     * Drops leases that ended before {@code now} (their holder died mid-attempt); each only if it still is the
     * lease seen. Returns how many were dropped.
     */
    public int dropExpiredLeases(WebhookEndpoint endpoint, Instant now) {
        int dropped = 0;
        for (Map.Entry<String, Long> lease : endpoint.inflight().entrySet()) {
            if (lease.getValue() < now.toEpochMilli()) {
                boolean removed = conditionalUpdate(endpoint, b -> b
                        .updateExpression("REMOVE #inflight.#event")
                        .conditionExpression("#id = :id AND #inflight.#event = :seen")
                        .expressionAttributeNames(Map.of("#id", ID, "#inflight", INFLIGHT, "#event", lease.getKey()))
                        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(endpoint.id()),
                                ":seen", AttributeValue.fromN(Long.toString(lease.getValue()))))).isPresent();
                dropped += removed ? 1 : 0;
            }
        }
        return dropped;
    }

    private Optional<WebhookEndpoint> conditionalUpdate(WebhookEndpoint endpoint,
                                                        java.util.function.Consumer<UpdateItemRequest.Builder> spec) {
        try {
            var response = call(() -> dynamoDb.updateItem(b -> {
                b.tableName(table).key(key(endpoint.owner(), endpoint.slot())).returnValues(ReturnValue.ALL_NEW);
                spec.accept(b);
            }));
            return Optional.of(toEndpoint(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private static AttributeValue millis(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkException e) {
            throw new StoreUnavailableException("The webhook store is unavailable. Please retry shortly.", 1, e);
        }
    }

    static WebhookEndpoint toEndpoint(Map<String, AttributeValue> item) {
        AttributeValue events = item.get(EVENTS);
        Map<String, Long> inflight = new HashMap<>();
        AttributeValue leases = item.get(INFLIGHT);
        if (leases != null && leases.hasM()) {
            leases.m().forEach((event, until) -> inflight.put(event, Long.parseLong(until.n())));
        }
        EndpointHealth health = new EndpointHealth(instant(item.get(FAILING_SINCE)),
                item.containsKey(FAILURES) ? Integer.parseInt(item.get(FAILURES).n()) : 0,
                instant(item.get(OPEN_UNTIL)));
        return new WebhookEndpoint(text(item, OWNER), Integer.parseInt(item.get(SLOT).n()), text(item, ID),
                text(item, URL),
                events == null || !events.hasL() ? Optional.empty()
                        : Optional.of(events.l().stream().map(AttributeValue::s).toList()),
                optionalText(item, DESCRIPTION), ENABLED.equals(text(item, STATUS)),
                optionalText(item, DISABLED_REASON), Timestamps.parse(text(item, CREATED_AT)), text(item, SECRET),
                optionalText(item, PREVIOUS_SECRET), instant(item.get(PREVIOUS_SECRET_UNTIL)).orElse(null), health,
                inflight);
    }

    private static Optional<Instant> instant(AttributeValue value) {
        return value == null || value.n() == null ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(Long.parseLong(value.n())));
    }

    private static String optionalText(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw new IllegalStateException("Stored webhook endpoint lacks attribute " + name);
        }
        return value.s();
    }
}
