package com.cordiul.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class ApiPrimerTest {

    @Test
    void priming_parsesAndRenders() {
        assertThat(new ApiPrimer().prime()).isTrue();
    }

    @Test
    void checkpointHooks_neverThrow_andRegisteringTwiceIsHarmless() {
        ApiPrimer primer = new ApiPrimer();
        assertThatCode(() -> {
            primer.beforeCheckpoint(null);
            primer.afterRestore(null);
            primer.register();
            primer.register();
        }).doesNotThrowAnyException();
    }
}
