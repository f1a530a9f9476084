package com.cordiul.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Does what DynamoDB does and dynalite does not: a conditional write that asked for
 * {@code ReturnValuesOnConditionCheckFailure=ALL_OLD} and was refused gets the item that refused it in its
 * {@link ConditionalCheckFailedException}. The item is read, consistently, through a separate client on the same
 * store once the refusal arrives, which sees what the refused write saw unless another writer came in between (a
 * test that uses this writes from one thread). Requests that did not ask for the item get none, as on DynamoDB, so
 * a test fails if the code stops asking.
 */
public final class OldItemOnConditionFailure implements ExecutionInterceptor {

    private final DynamoDbClient reader;
    private final Map<String, List<String>> keyAttributes = new ConcurrentHashMap<>();
    private final AtomicInteger itemsAdded = new AtomicInteger();

    /** @param reader a client on the same store that does not carry this interceptor */
    public OldItemOnConditionFailure(DynamoDbClient reader) {
        this.reader = reader;
    }

    /** How many refusals were given their item. */
    public int itemsAdded() {
        return itemsAdded.get();
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        if (!(failure instanceof ConditionalCheckFailedException refused) || refused.hasItem()) {
            return failure;
        }
        SdkRequest request = context.request();
        String table;
        Map<String, AttributeValue> key;
        if (request instanceof PutItemRequest put && asksForItem(put.returnValuesOnConditionCheckFailure())) {
            table = put.tableName();
            key = keyOf(table, put.item());
        } else if (request instanceof UpdateItemRequest update
                && asksForItem(update.returnValuesOnConditionCheckFailure())) {
            table = update.tableName();
            key = update.key();
        } else if (request instanceof DeleteItemRequest delete
                && asksForItem(delete.returnValuesOnConditionCheckFailure())) {
            table = delete.tableName();
            key = delete.key();
        } else {
            return failure;
        }
        var old = reader.getItem(b -> b.tableName(table).key(key).consistentRead(true));
        if (!old.hasItem() || old.item().isEmpty()) {
            return failure;
        }
        itemsAdded.incrementAndGet();
        return refused.toBuilder().item(old.item()).build();
    }

    private static boolean asksForItem(ReturnValuesOnConditionCheckFailure returnValues) {
        return returnValues == ReturnValuesOnConditionCheckFailure.ALL_OLD;
    }

    private Map<String, AttributeValue> keyOf(String table, Map<String, AttributeValue> item) {
        List<String> names = keyAttributes.computeIfAbsent(table, t -> reader.describeTable(b -> b.tableName(t))
                .table().keySchema().stream().map(KeySchemaElement::attributeName).toList());
        return names.stream().collect(Collectors.toMap(name -> name, item::get));
    }
}
