package com.cordiul.local.runner;

import com.cordiul.identity.Permission;
import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.NewApiKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@link FirstKey} through the layer's own key service, so the key has exactly the stored shape of any other. */
final class LayerFirstKey implements FirstKey {

    @Override
    public String issue(DynamoDbClient dynamoDb, String table, String owner) {
        return ApiKeyService.over(dynamoDb, table)
                .issue(owner, new NewApiKey("local development", Permission.all()))
                .key();
    }
}
