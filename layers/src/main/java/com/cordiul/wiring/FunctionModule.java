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
 * configuration of what it uses. The providers are plain synchronized methods, not lambdas: a lambda per provider
 * would spin a class at init and load the types it names, used or not. One module per function instance: the
 * function's class loader holds one.
 */
abstract class FunctionModule {

    /** The key of the item every store primer reads: no item ever has it. */
    static final String SENTINEL = "priming-sentinel";

    private DynamoDbClient dynamoDb;
    private ApiKeyStore apiKeyStore;
    private CallStore callStore;

    /** Registers the preloader of the function's class list, the first thing every function primes. */
    FunctionModule() {
        ClassPreloader.of(getClass()).register();
    }

    /** The function's one DynamoDB client. */
    protected final synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = AwsClients.dynamoDb();
        }
        return dynamoDb;
    }

    /** The keys table, {@code API_KEYS_TABLE}. */
    protected final synchronized ApiKeyStore apiKeyStore() {
        if (apiKeyStore == null) {
            String table = Environment.require("API_KEYS_TABLE");
            new DynamoPrimer(dynamoDb(), table, ApiKeyStore.KEY_HASH).register();
            apiKeyStore = new ApiKeyStore(dynamoDb(), table);
        }
        return apiKeyStore;
    }

    /** The calls table, {@code CALLS_TABLE}. */
    protected final synchronized CallStore callStore() {
        if (callStore == null) {
            String table = Environment.require("CALLS_TABLE");
            new DynamoPrimer(dynamoDb(), table, CallItems.key(SENTINEL, SENTINEL)).register();
            callStore = new CallStore(dynamoDb(), table);
        }
        return callStore;
    }
}
