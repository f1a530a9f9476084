package com.cordiul.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    /** A key made by an earlier build: keys already handed out must stay valid when the code changes. */
    private static final String ISSUED_KEY = "ck_live_P7qESGYXjzyePxC6YaQeI2koftq8m2AjEEpWjENv6HM2TIwa8";

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.strings().withChars(Base62.ALPHABET).ofLength(ApiKeyFormat.RANDOM_LENGTH)
                .map(ApiKeyFormat::assemble);
    }

    @Property
    void anySingleCharacterSubstitution_failsTheCheck(@ForAll("keys") String key,
                                                      @ForAll @IntRange(min = 0, max = 56) int position,
                                                      @ForAll char replacement) {
        Assume.that(key.charAt(position) != replacement);
        String changed = key.substring(0, position) + replacement + key.substring(position + 1);
        assertThat(ApiKeyFormat.isWellFormed(changed)).isFalse();
    }

    @Property
    void anyBase62Substitution_failsTheCheck(@ForAll("keys") String key,
                                             @ForAll @IntRange(min = 8, max = 56) int position,
                                             @ForAll @IntRange(min = 0, max = 61) int alphabetIndex) {
        char replacement = Base62.ALPHABET.charAt(alphabetIndex);
        Assume.that(key.charAt(position) != replacement);
        String changed = key.substring(0, position) + replacement + key.substring(position + 1);
        assertThat(ApiKeyFormat.isWellFormed(changed)).isFalse();
    }

    @Property
    void anySingleCharacterDeletionOrInsertion_failsTheCheck(@ForAll("keys") String key,
                                                             @ForAll @IntRange(min = 0, max = 56) int position,
                                                             @ForAll char inserted) {
        assertThat(ApiKeyFormat.isWellFormed(key.substring(0, position) + key.substring(position + 1))).isFalse();
        assertThat(ApiKeyFormat.isWellFormed(key.substring(0, position) + inserted + key.substring(position)))
                .isFalse();
    }

    @Property
    void keysFromAnyRandomBytes_passTheCheck(@ForAll @Size(32) byte[] random) {
        String key = ApiKeyGenerator.fromRandomBytes(random);
        assertThat(key).hasSize(ApiKeyFormat.LENGTH).startsWith(ApiKeyFormat.PREFIX);
        assertThat(ApiKeyFormat.isWellFormed(key)).isTrue();
    }

    @Property(tries = 200)
    void generatedKeys_alwaysPassTheCheck_andNeverRepeat() {
        ApiKeyGenerator generator = new ApiKeyGenerator(new SecureRandom());
        String first = generator.generate();
        String second = generator.generate();
        assertThat(ApiKeyFormat.isWellFormed(first)).isTrue();
        assertThat(ApiKeyFormat.isWellFormed(second)).isTrue();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void extremeRandomBytes_stillFitTheFixedWidth() {
        byte[] zeros = new byte[32];
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xFF);
        assertThat(ApiKeyGenerator.fromRandomBytes(zeros)).hasSize(57).matches(ApiKeyFormat::isWellFormed);
        assertThat(ApiKeyGenerator.fromRandomBytes(ones)).hasSize(57).matches(ApiKeyFormat::isWellFormed);
    }

    @Test
    void aKeyIssuedEarlier_isStillWellFormed() {
        assertThat(ApiKeyFormat.isWellFormed(ISSUED_KEY)).isTrue();
        assertThat(ApiKeyFormat.start(ISSUED_KEY)).isEqualTo("ck_live_P7qE");
    }

    @Test
    void otherShapes_areNotWellFormed() {
        assertThat(ApiKeyFormat.isWellFormed(null)).isFalse();
        assertThat(ApiKeyFormat.isWellFormed("")).isFalse();
        assertThat(ApiKeyFormat.isWellFormed("sk_live_" + ISSUED_KEY.substring(8))).isFalse();
        assertThat(ApiKeyFormat.isWellFormed(ISSUED_KEY + " ")).isFalse();
        assertThat(ApiKeyFormat.isWellFormed(ISSUED_KEY.toUpperCase())).isFalse();
    }

    @Test
    void start_isFarTooShortToUseTheKey() {
        String key = new ApiKeyGenerator().generate();
        assertThat(ApiKeyFormat.start(key)).hasSize(12).startsWith("ck_live_");
        assertThat(ApiKeyFormat.isWellFormed(ApiKeyFormat.start(key))).isFalse();
    }

    @Test
    void hash_isHexSha256_ofTheWholeKey() {
        assertThat(ApiKeyHasher.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKeyHasher.hash(ISSUED_KEY)).hasSize(64).matches("[0-9a-f]{64}").doesNotContain("P7qE");
    }
}
