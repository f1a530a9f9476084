package com.cordiul.keys;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.core.Timestamps;
import com.cordiul.identity.Permission;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The API keys table: partition key {@code key_hash}, index {@code by-owner} (owner, id). Every access is a
 * GetItem, a Query or a conditional write; any DynamoDB fault surfaces as {@link StoreUnavailableException}.
 */
public final class ApiKeyStore {

    // "owner" and "name" are DynamoDB reserved words: expressions always name attributes through placeholders.

    /** The table's partition key attribute. */
    public static final String KEY_HASH = "key_hash";
    /** The index listing an owner's keys by id, i.e. by creation time. */
    public static final String BY_OWNER = "by-owner";

    static final String ID = "id";
    static final String OWNER = "owner";
    static final String NAME = "name";
    static final String PERMISSIONS = "permissions";
    static final String START = "start";
    static final String CREATED_AT = "created_at";
    static final String LAST_USED_AT = "last_used_at";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Integer pageSize;

    public ApiKeyStore(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, null);
    }

    /** A store whose listing reads pages of at most {@code pageSize} items (null: DynamoDB's 1 MB pages). */
    ApiKeyStore(DynamoDbClient dynamoDb, String table, Integer pageSize) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.pageSize = pageSize;
    }

    /** The physical table name. */
    public String table() {
        return table;
    }

    /** Stores a new key; a key hash already present (never expected with 256 random bits) is refused. */
    public void insert(ApiKeyRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY_HASH, AttributeValue.fromS(record.keyHash()));
        item.put(ID, AttributeValue.fromS(record.id()));
        item.put(OWNER, AttributeValue.fromS(record.owner()));
        item.put(NAME, AttributeValue.fromS(record.name()));
        item.put(PERMISSIONS, AttributeValue.fromSs(ApiKeyView.wireNames(record.permissions())));
        item.put(START, AttributeValue.fromS(record.start()));
        item.put(CREATED_AT, AttributeValue.fromS(Timestamps.format(record.createdAt())));
        record.lastUsedAt().ifPresent(t -> item.put(LAST_USED_AT, AttributeValue.fromS(Timestamps.format(t))));
        try {
            call(() -> dynamoDb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#hash)")
                    .expressionAttributeNames(Map.of("#hash", KEY_HASH))));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("Key hash collision", e);
        }
    }

    /** The key with this hash, read strongly consistently so that a revoked key is refused at once. */
    public Optional<ApiKeyRecord> findByHash(String keyHash) {
        var response = call(() -> dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(KEY_HASH, AttributeValue.fromS(keyHash)))));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(toRecord(response.item()))
                : Optional.empty();
    }

    /** Every key of the owner, newest first (ids sort by creation time); all pages of the index are read. */
    public List<ApiKeyRecord> listByOwner(String owner) {
        return call(() -> dynamoDb.queryPaginator(b -> b.tableName(table).indexName(BY_OWNER)
                        .keyConditionExpression("#owner = :owner")
                        .expressionAttributeNames(Map.of("#owner", OWNER))
                        .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner)))
                        .scanIndexForward(false)
                        .limit(pageSize))
                .items().stream().map(ApiKeyStore::toRecord).toList());
    }

    /** The owner's key with this id, if it has one (read from the index, so a key made a moment ago may lag). */
    public Optional<ApiKeyRecord> findByOwnerAndId(String owner, String id) {
        var response = call(() -> dynamoDb.query(b -> b.tableName(table).indexName(BY_OWNER)
                .keyConditionExpression("#owner = :owner AND #id = :id")
                .expressionAttributeNames(Map.of("#owner", OWNER, "#id", ID))
                .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner),
                        ":id", AttributeValue.fromS(id)))));
        return response.items().stream().findFirst().map(ApiKeyStore::toRecord);
    }

    /**
     * Deletes the key with this hash only if it still belongs to the owner under this id; returns the deleted
     * key, or empty when there was nothing of the owner's to delete.
     */
    public Optional<ApiKeyRecord> deleteOwned(String keyHash, String owner, String id) {
        try {
            var response = call(() -> dynamoDb.deleteItem(b -> b.tableName(table)
                    .key(Map.of(KEY_HASH, AttributeValue.fromS(keyHash)))
                    .conditionExpression("#owner = :owner AND #id = :id")
                    .expressionAttributeNames(Map.of("#owner", OWNER, "#id", ID))
                    .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner),
                            ":id", AttributeValue.fromS(id)))
                    .returnValues(ReturnValue.ALL_OLD)));
            return response.hasAttributes() && !response.attributes().isEmpty()
                    ? Optional.of(toRecord(response.attributes())) : Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /**
     * Sets {@code last_used_at} to {@code now} if the key still exists and its last use is missing or before
     * {@code cutoff}; returns whether it did (false when another request got there first or the key is gone).
     */
    public boolean touchLastUsed(String keyHash, Instant now, Instant cutoff) {
        try {
            call(() -> dynamoDb.updateItem(b -> b.tableName(table)
                    .key(Map.of(KEY_HASH, AttributeValue.fromS(keyHash)))
                    .updateExpression("SET #used = :now")
                    .conditionExpression(
                            "attribute_exists(#hash) AND (attribute_not_exists(#used) OR #used < :cutoff)")
                    .expressionAttributeNames(Map.of("#hash", KEY_HASH, "#used", LAST_USED_AT))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(Timestamps.format(now)),
                            ":cutoff", AttributeValue.fromS(Timestamps.format(cutoff))))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkException e) {
            throw new StoreUnavailableException(
                    "The API key store is unavailable. Please retry shortly.", 1, e);
        }
    }

    private static ApiKeyRecord toRecord(Map<String, AttributeValue> item) {
        AttributeValue lastUsed = item.get(LAST_USED_AT);
        return new ApiKeyRecord(
                required(item, KEY_HASH),
                required(item, ID),
                required(item, OWNER),
                required(item, NAME),
                item.containsKey(PERMISSIONS) ? Permission.decode(String.join(" ", item.get(PERMISSIONS).ss()))
                        : Set.of(),
                required(item, START),
                Timestamps.parse(required(item, CREATED_AT)),
                lastUsed == null || lastUsed.s() == null ? Optional.empty()
                        : Optional.of(Timestamps.parse(lastUsed.s())));
    }

    private static String required(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw new IllegalStateException("Stored API key lacks attribute " + name);
        }
        return value.s();
    }
}
