package com.cordiul.keys;

import com.cordiul.core.SortableId;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.logging.Log;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Creating, listing and revoking API keys, with their ownership and permission rules. */
public final class ApiKeyService {

    /** What every key id starts with. */
    public static final String ID_PREFIX = "key_";

    private final ApiKeyStore store;
    private final ApiKeyGenerator generator;
    private final SortableId ids;
    private final Clock clock;

    public ApiKeyService(ApiKeyStore store, ApiKeyGenerator generator, SortableId ids, Clock clock) {
        this.store = store;
        this.generator = generator;
        this.ids = ids;
        this.clock = clock;
    }

    /** The service over a table, with a secure generator and the system clock. */
    public static ApiKeyService over(DynamoDbClient dynamoDb, String table) {
        return new ApiKeyService(new ApiKeyStore(dynamoDb, table), new ApiKeyGenerator(), SortableId.system(),
                Clock.systemUTC());
    }

    /** Creates a key for the caller's owner, with no permission the caller lacks. */
    public CreatedApiKey create(Caller caller, NewApiKey request) {
        caller.require(Permission.API_KEYS_WRITE);
        PermissionGrants.requireGrantable(caller, request.permissions());
        return issue(caller.owner(), request);
    }

    /**
     * Creates a key for an owner with no check of who asks: the operator's bootstrap path, which holds AWS
     * credentials to the table and so stands above any key.
     */
    public CreatedApiKey issue(String owner, NewApiKey request) {
        String key = generator.generate();
        String id = ID_PREFIX + ids.next();
        Instant now = clock.instant();
        ApiKeyRecord record = new ApiKeyRecord(ApiKeyHasher.hash(key), id, owner, request.name(),
                request.permissions(), ApiKeyFormat.start(key), now, Optional.empty());
        store.insert(record);
        Log.info("api key created", "created_key_id", id, "permissions", Permission.encode(request.permissions()));
        ApiKeyView view = ApiKeyView.of(record);
        return new CreatedApiKey(id, view.name(), key, view.permissions(), view.start(), view.createdAt());
    }

    /** The owner's keys, newest first. */
    public List<ApiKeyView> list(Caller caller) {
        caller.require(Permission.API_KEYS_READ);
        return store.listByOwner(caller.owner()).stream().map(ApiKeyView::of).toList();
    }

    /** Revokes one of the owner's keys; another owner's key, or none, is reported as not found. */
    public ApiKeyView revoke(Caller caller, String id) {
        caller.require(Permission.API_KEYS_WRITE);
        if (id == null || !id.startsWith(ID_PREFIX) || !SortableId.isValid(id.substring(ID_PREFIX.length()))) {
            throw notFound();
        }
        ApiKeyRecord found = store.findByOwnerAndId(caller.owner(), id).orElseThrow(ApiKeyService::notFound);
        ApiKeyRecord deleted = store.deleteOwned(found.keyHash(), caller.owner(), id)
                .orElseThrow(ApiKeyService::notFound);
        Log.info("api key revoked", "revoked_key_id", id);
        return ApiKeyView.of(deleted);
    }

    private static ApiKeyNotFoundException notFound() {
        return new ApiKeyNotFoundException("No API key with this id.");
    }
}
