package com.cordiul.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.voice.ChimeQuotas;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VoiceOptionsTest {

    private static VoiceOptions parse(String... args) {
        return VoiceOptions.parse(args);
    }

    @Test
    void byDefault_callsPlayAtChimesPace_underChimesQuotas() {
        VoiceOptions options = parse();
        assertThat(options.timing().real(Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(4));
        assertThat(options.quotas()).isEqualTo(ChimeQuotas.chimeDefaults());
        assertThat(options.describe()).isEqualTo("calls played out at Chime's pace; quotas: 1 dial/s (burst 1), "
                + "10 active calls, 5 updates/s (burst 5)");
    }

    @Test
    void aBiggerTimeScale_playsCallsFaster() {
        assertThat(parse("--time-scale", "10").timing().real(Duration.ofSeconds(4))).isEqualTo(Duration.ofMillis(400));
        assertThat(parse("--time-scale", "0.5").timing().real(Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(8));
        assertThat(parse("--time-scale", "200").timing().real(Duration.ofSeconds(4))).isEqualTo(Duration.ofMillis(20));
        assertThat(parse("--time-scale", "10").describe()).startsWith("calls played out 10 times faster");
        assertThat(parse("--time-scale", "0.5").describe()).startsWith("calls played out 2 times slower");
    }

    @Test
    void aTimeScale_leavesChimesLimitsOnOneInvocationInRealTime_sinceTheFunctionsRunAtTheirOwnPace() {
        for (String scale : new String[] {"1", "20", "0.5"}) {
            var timing = parse("--time-scale", scale).timing();
            assertThat(timing.invocationTimeout()).as(scale).isEqualTo(Duration.ofSeconds(5));
            assertThat(timing.giveUpAfter()).as(scale).isEqualTo(Duration.ofSeconds(20));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001", "fast", "NaN"})
    void aTimeScaleOutOfRange_isRefused(String value) {
        assertThatThrownBy(() -> parse("--time-scale", value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--time-scale takes a number from 0.01 to 1000");
    }

    @Test
    void quotaFlags_changeEachQuota() {
        VoiceOptions options = parse("--chime-dials-per-second", "2.5", "--chime-dial-burst", "3",
                "--chime-max-active-calls", "50", "--chime-updates-per-second", "20", "--chime-update-burst", "7");
        assertThat(options.quotas()).isEqualTo(new ChimeQuotas(2.5, 3, 50, 20, 7, true));
        assertThat(options.describe()).endsWith("quotas: 2.5 dial/s (burst 3), 50 active calls, 20 updates/s "
                + "(burst 7)");
    }

    @Test
    void noChimeQuotas_switchesThemOff() {
        assertThat(parse("--no-chime-quotas").quotas().enforced()).isFalse();
        assertThat(parse("--no-chime-quotas").describe()).endsWith("; quotas off");
    }

    @Test
    void badQuotaValues_areRefusedNamingTheOption() {
        assertThatThrownBy(() -> parse("--chime-dials-per-second", "0")).hasMessageContaining(
                "--chime-dials-per-second takes a number above 0");
        assertThatThrownBy(() -> parse("--chime-max-active-calls", "1.5")).hasMessageContaining(
                "--chime-max-active-calls takes a whole number of at least 1");
        assertThatThrownBy(() -> parse("--chime-dial-burst")).hasMessageContaining("--chime-dial-burst needs a value");
    }

    @Test
    void devsOptionParser_acceptsTheVoiceOptions_andStillRefusesUnknownOnes() {
        String[] args = {"--time-scale", "10", "--no-chime-quotas", "--chime-max-active-calls", "20", "--port", "3999"};
        LocalOptions options = Main.parse(args, RepositoryRoot.find());
        assertThat(options.port()).isEqualTo(3999);
        assertThatThrownBy(() -> Main.parse(new String[] {"--chime-quotas"}, RepositoryRoot.find()))
                .hasMessageContaining("Unknown option --chime-quotas");
    }
}
