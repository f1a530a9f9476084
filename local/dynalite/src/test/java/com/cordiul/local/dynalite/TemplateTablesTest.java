package com.cordiul.local.dynalite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

class TemplateTablesTest {

    @Test
    void everyTemplateTable_isCreatedActive_withItsIndexes() {
        TemplateTables tables = TemplateTables.fromRepository();
        assertThat(tables.names()).contains("ApiKeysTable", "CallsTable", "IdempotencyTable");
        try (Dynalite dynalite = Dynalite.startInMemory(); var client = dynalite.client()) {
            tables.createAll(client);
            tables.createAll(client); // a second start over kept data finds the tables and leaves them be
            var calls = client.describeTable(b -> b.tableName("CallsTable")).table();
            assertThat(calls.tableStatus()).isEqualTo(TableStatus.ACTIVE);
            assertThat(calls.globalSecondaryIndexes()).extracting(i -> i.indexName())
                    .contains("by-status", "by-contact", "by-transaction", "by-open-status");
        }
    }

    @Test
    void truncateAll_emptiesTables_andKeepsThem() {
        TemplateTables tables = TemplateTables.fromRepository();
        try (Dynalite dynalite = Dynalite.startInMemory(); var client = dynalite.client()) {
            tables.createAll(client);
            client.putItem(b -> b.tableName("IdempotencyTable").item(Map.of("pk", AttributeValue.fromS("x"))));
            tables.truncateAll(client);
            assertThat(client.scan(b -> b.tableName("IdempotencyTable")).count()).isZero();
        }
    }

    @Test
    void storeStoppedAndRestarted_onDisk_keepsItsData(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        TemplateTables tables = TemplateTables.fromRepository();
        Dynalite dynalite = Dynalite.start(dir, 0);
        try (var client = dynalite.client()) {
            tables.createAll(client);
            client.putItem(b -> b.tableName("IdempotencyTable").item(Map.of("pk", AttributeValue.fromS("kept"))));
        }
        dynalite = dynalite.restart();
        try (var client = dynalite.client()) {
            assertThat(client.getItem(b -> b.tableName("IdempotencyTable")
                    .key(Map.of("pk", AttributeValue.fromS("kept")))).hasItem()).isTrue();
        } finally {
            dynalite.close();
        }
    }
}
