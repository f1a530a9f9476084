package com.cordiul.wiring;

import com.cordiul.aws.AwsClients;
import com.cordiul.calls.CallItems;
import com.cordiul.calls.CallStore;
import com.cordiul.core.Environment;
import com.cordiul.keys.ApiKeyStore;
import com.cordiul.priming.ClassPreloader;
import com.cordiul.priming.DynamoPrimer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What every function family's wiring shares, written by hand in the manner of a Dagger module: the one DynamoDB
 * client and the stores over the template's tables. Each is built once per function instance, on first use, which is
 * during init (the handler's Lambda constructor asks its family's module for what it needs), and registers its
 * SnapStart primer right where it is built. A function builds only what it asks for, so it reads only the
 * configuration of what it uses. One module per function instance: the function's class loader holds one.
 */
abstract class FunctionModule {

    /** The key of the item every store primer reads: no item ever has it. */
    static final String SENTINEL = "priming-sentinel";

    private final Lazy<DynamoDbClient> dynamoDb = new Lazy<>(AwsClients::dynamoDb);
    private final Lazy<ApiKeyStore> apiKeyStore = new Lazy<>(() -> {
        String table = Environment.require("API_KEYS_TABLE");
        new DynamoPrimer(dynamoDb(), table, ApiKeyStore.KEY_HASH).register();
        return new ApiKeyStore(dynamoDb(), table);
    });
    private final Lazy<CallStore> callStore = new Lazy<>(() -> {
        String table = Environment.require("CALLS_TABLE");
        new DynamoPrimer(dynamoDb(), table, CallItems.key(SENTINEL, SENTINEL)).register();
        return new CallStore(dynamoDb(), table);
    });

    /** Registers the preloader of the function's class list, the first thing every function primes. */
    protected FunctionModule() {
        ClassPreloader.of(getClass()).register();
    }

    /** The function's one DynamoDB client. */
    protected final DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    /** The keys table, {@code API_KEYS_TABLE}. */
    protected final ApiKeyStore apiKeyStore() {
        return apiKeyStore.get();
    }

    /** The calls table, {@code CALLS_TABLE}. */
    protected final CallStore callStore() {
        return callStore.get();
    }
}
