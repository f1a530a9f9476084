package com.cordiul.stack;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code AWS::DynamoDB::Table} (or {@code AWS::Serverless::SimpleTable}), resolved.
 *
 * @param logicalId              its logical id
 * @param tableName              {@code TableName}, or the logical id (what {@code Ref} gives locally)
 * @param attributes             {@code AttributeDefinitions}: name to type ({@code S}, {@code N}, {@code B})
 * @param keySchema              the table's key
 * @param globalSecondaryIndexes its GSIs
 * @param localSecondaryIndexes  its LSIs
 * @param billingMode            {@code BillingMode} (CloudFormation's default {@code PROVISIONED})
 * @param timeToLiveAttribute    the attribute of an enabled {@code TimeToLiveSpecification}, if any
 * @param streamViewType         {@code StreamSpecification.StreamViewType}, if any
 * @param properties             every property, resolved (e.g. {@code ProvisionedThroughput})
 */
public record Table(String logicalId, String tableName, Map<String, String> attributes, List<Key> keySchema,
                    List<Index> globalSecondaryIndexes, List<Index> localSecondaryIndexes, String billingMode,
                    Optional<String> timeToLiveAttribute, Optional<String> streamViewType,
                    com.fasterxml.jackson.databind.JsonNode properties) {

    public Table {
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        keySchema = List.copyOf(keySchema);
        globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
        localSecondaryIndexes = List.copyOf(localSecondaryIndexes);
    }

    /** One key attribute: {@code HASH} or {@code RANGE}. */
    public record Key(String attributeName, String keyType) {
    }

    /** A secondary index and its projection ({@code ALL}, {@code KEYS_ONLY}, {@code INCLUDE}). */
    public record Index(String indexName, List<Key> keySchema, String projectionType, List<String> nonKeyAttributes) {

        public Index {
            keySchema = List.copyOf(keySchema);
            nonKeyAttributes = List.copyOf(nonKeyAttributes);
        }
    }
}
