package com.cordiul.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.Unreachable;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ConditionalWritePrimerTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private static final Map<String, AttributeValue> SENTINEL = Map.of("pk", AttributeValue.fromS("priming-sentinel"));

    @Test
    void priming_isRefusedByItsCondition_andWritesNothing() {
        ConditionalWritePrimer primer = new ConditionalWritePrimer(STORE.client(), "IdempotencyTable", SENTINEL);

        assertThat(primer.prime()).isTrue();
        primer.beforeCheckpoint(null);

        assertThat(STORE.client().scan(b -> b.tableName("IdempotencyTable")).count()).isZero();
    }

    @Test
    void aSentinelThatExists_isReportedAsAFailedPriming_withoutThrowing() {
        STORE.client().putItem(b -> b.tableName("IdempotencyTable").item(SENTINEL));
        ConditionalWritePrimer primer = new ConditionalWritePrimer(STORE.client(), "IdempotencyTable", SENTINEL);

        assertThat(primer.prime()).isFalse();
    }

    @Test
    void theHooks_neverThrow_withTheStoreDown() {
        ConditionalWritePrimer primer = new ConditionalWritePrimer(Unreachable.dynamoDb(), "IdempotencyTable",
                SENTINEL);

        assertThat(primer.prime()).isFalse();
        assertThatCode(() -> {
            primer.beforeCheckpoint(null);
            primer.afterRestore(null);
        }).doesNotThrowAnyException();
    }
}
