package com.cordiul.local.runner;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Issues the first API key of a fresh local stack. Creating a key through the API needs a key already, so
 * {@code ./dev} bootstraps one directly in the table, as the operator does on AWS.
 */
@FunctionalInterface
public interface FirstKey {

    /** Stores a key for {@code owner} holding every permission in {@code table}, and returns the key itself. */
    String issue(DynamoDbClient dynamoDb, String table, String owner);
}
