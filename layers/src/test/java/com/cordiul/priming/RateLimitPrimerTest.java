package com.cordiul.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.cordiul.ratelimit.RateLimiter;
import com.cordiul.testing.TemplateStore;
import com.cordiul.testing.Unreachable;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RateLimitPrimerTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    @Test
    void priming_countsOneRequestForTheSentinel_only() {
        RateLimitPrimer primer = new RateLimitPrimer(new RateLimiter(STORE.client(), "RateLimitTable",
                Clock.systemUTC()));

        assertThat(primer.prime()).isTrue();

        assertThat(STORE.client().scan(b -> b.tableName("RateLimitTable")).items())
                .singleElement().satisfies(item -> assertThat(item.get("pk").s()).contains(RateLimitPrimer.SUBJECT));
    }

    @Test
    void theHooks_neverThrow_evenWithTheStoreDown() {
        RateLimitPrimer primer = new RateLimitPrimer(new RateLimiter(Unreachable.dynamoDb(), "RateLimitTable",
                Clock.systemUTC()));

        assertThat(primer.prime()).isFalse();
        assertThatCode(() -> {
            primer.beforeCheckpoint(null);
            primer.afterRestore(null);
        }).doesNotThrowAnyException();
    }
}
