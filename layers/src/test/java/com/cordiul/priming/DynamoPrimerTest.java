package com.cordiul.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.TemplateTables;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoPrimerTest {

    @Test
    void checkpointHook_readsTheSentinelOnce_andWritesNothing() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (Dynalite dynalite = Dynalite.startInMemory(); DynamoDbClient client = counting(dynalite, requests)) {
            TemplateTables.fromRepository().createAll(client);
            requests.set(0);
            DynamoPrimer primer = new DynamoPrimer(client, "CallsTable",
                    Map.of("owner", AttributeValue.fromS("priming"), "id", AttributeValue.fromS("call_priming")));
            primer.beforeCheckpoint(null);
            primer.afterRestore(null);
            assertThat(requests.get()).isEqualTo(1);
            assertThat(client.scan(b -> b.tableName("CallsTable")).count()).isZero();
        }
    }

    @Test
    void checkpointHook_neverFails_whenTheStoreIsUnreachable() {
        try (Dynalite dynalite = Dynalite.startInMemory(); DynamoDbClient client = dynalite.client()) {
            dynalite.close();
            DynamoPrimer primer = new DynamoPrimer(client, "ApiKeysTable", "key_hash");
            assertThatCode(() -> primer.beforeCheckpoint(null)).doesNotThrowAnyException();
            assertThat(primer.prime()).isFalse();
        }
    }

    @Test
    void register_returnsThePrimer_forTheHandlerToKeep() {
        try (Dynalite dynalite = Dynalite.startInMemory(); DynamoDbClient client = dynalite.client()) {
            DynamoPrimer primer = new DynamoPrimer(client, "ApiKeysTable", "key_hash");
            assertThat(primer.register()).isSameAs(primer);
        }
    }

    private static DynamoDbClient counting(Dynalite dynalite, AtomicInteger requests) {
        return DynamoDbClient.builder().endpointOverride(dynalite.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(Dynalite.CREDENTIALS)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        requests.incrementAndGet();
                    }
                }))
                .build();
    }
}
