package com.cordiul.bench.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.bench.analysis.OwnTime.Attempt;
import com.cordiul.bench.analysis.OwnTime.Attribution;
import com.cordiul.bench.analysis.OwnTime.Split;
import com.cordiul.sandbox.Invocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnTimeTest {

    @Test
    void ownTime_isTheLatencyMinusTheWireTimeOfTheAttemptsInsideTheInvocation() {
        Invocation invocation = invocation(1_000, 2_000, 1_200);

        Attribution result = OwnTime.attribute(List.of(invocation), List.of(attempt(1_100, 1_400),
                attempt(1_500, 1_900)));

        assertThat(result.splits()).containsExactly(new Split(1_200, 700, 2));
        assertThat(result.splits().get(0).ownNanos()).isEqualTo(500);
        assertThat(result.unattributed()).isZero();
    }

    @Test
    void eachAttempt_goesToTheInvocationWhoseIntervalHoldsItsStart() {
        Invocation first = invocation(1_000, 2_000, 1_000);
        Invocation second = invocation(3_000, 4_000, 1_000);

        Attribution result = OwnTime.attribute(List.of(second, first), List.of(attempt(3_100, 3_300),
                attempt(1_100, 1_200), attempt(3_500, 3_600)));

        assertThat(result.splits()).containsExactly(new Split(1_000, 300, 2), new Split(1_000, 100, 1));
    }

    @Test
    void attemptsOutsideEveryInvocation_areCountedAsUnattributed_andChargeNoOne() {
        Invocation invocation = invocation(1_000, 2_000, 1_000);

        Attribution result = OwnTime.attribute(List.of(invocation), List.of(attempt(500, 800),
                attempt(2_100, 2_300), attempt(1_100, 1_300)));

        assertThat(result.splits()).containsExactly(new Split(1_000, 200, 1));
        assertThat(result.unattributed()).isEqualTo(2);
    }

    @Test
    void overlappingAttempts_countOnce() {
        Invocation invocation = invocation(1_000, 2_000, 1_000);

        Attribution result = OwnTime.attribute(List.of(invocation), List.of(attempt(1_100, 1_500),
                attempt(1_300, 1_600), attempt(1_550, 1_580), attempt(1_700, 1_800)));

        assertThat(result.splits().get(0).wireNanos()).isEqualTo(600);
        assertThat(result.splits().get(0).attempts()).isEqualTo(4);
    }

    @Test
    void anAttemptEndingAfterTheAnswer_countsOnlyUpToTheAnswer() {
        Invocation invocation = invocation(1_000, 2_000, 1_000);

        Attribution result = OwnTime.attribute(List.of(invocation), List.of(attempt(1_900, 2_400)));

        assertThat(result.splits().get(0).wireNanos()).isEqualTo(100);
    }

    @Test
    void anInvocationWithoutAttempts_isAllOwnTime() {
        Attribution result = OwnTime.attribute(List.of(invocation(1_000, 2_000, 1_300)), List.of());

        assertThat(result.splits()).containsExactly(new Split(1_300, 0, 0));
        assertThat(result.splits().get(0).ownNanos()).isEqualTo(1_300);
    }

    @Test
    void wireTimeLine_parsesIntoAnAttempt() {
        assertThat(Attempt.parse("1700000000123456789 1700000000124456789 ok DynamoDb GetItem"))
                .isEqualTo(new Attempt(1_700_000_000_123_456_789L, 1_700_000_000_124_456_789L, true,
                        "DynamoDb GetItem"));
        assertThat(Attempt.parse("10 20 failed ChimeSdkVoice CreateSipMediaApplicationCall").answered()).isFalse();
        assertThatThrownBy(() -> Attempt.parse("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingWireTimeFile_meansNoAttempts(@TempDir Path dir) throws Exception {
        assertThat(Attempt.read(dir.resolve("absent.log"))).isEmpty();

        Path file = Files.writeString(dir.resolve("wire.log"), "1 2 ok DynamoDb Query\n\n3 4 ok DynamoDb Query\n");
        assertThat(Attempt.read(file)).hasSize(2);
    }

    /** An invocation delivered and answered at those wall-clock readings, with that queue-to-answer latency. */
    private static Invocation invocation(long delivered, long completed, long latency) {
        return new Invocation("id", false, "", "{}", 0, 0, latency, delivered, completed);
    }

    private static Attempt attempt(long start, long end) {
        return new Attempt(start, end, true, "DynamoDb GetItem");
    }
}
