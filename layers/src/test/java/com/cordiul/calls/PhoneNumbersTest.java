package com.cordiul.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.core.InvalidRequestException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    @Test
    void referenceExampleNumbers_areRefused_sayingWhy() {
        assertThatThrownBy(() -> PhoneNumbers.requireE164("phone_number", "+1234567890"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).contains("phone_number");
                    assertThat(e.getMessage()).startsWith("phone_number '+1234567890' is not a valid phone number: ")
                            .contains("too short");
                });
        assertThatThrownBy(() -> PhoneNumbers.requireE164("from_number", "+0987654321"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).contains("from_number");
                    assertThat(e.getMessage()).contains("'+0987654321' is not a valid phone number")
                            .contains("country code");
                });
    }

    @Test
    void simulatorMagicNumbers_areValid() {
        for (int i = 100; i <= 119; i++) {
            String number = "+12025550" + i;
            assertThat(PhoneNumbers.requireE164("phone_number", number)).isEqualTo(number);
        }
    }

    @Test
    void formattedNumbers_areRefusedWithTheE164Form() {
        for (String text : List.of("12025550123", "+1 202 555 0123", "+1-202-555-0123", "(202) 555-0123", "+",
                "+1", "+1234567890123456")) {
            assertThatThrownBy(() -> PhoneNumbers.requireE164("phone_number", text)).as(text)
                    .isInstanceOfSatisfying(InvalidRequestException.class,
                            e -> assertThat(e.field()).contains("phone_number"));
        }
    }

    @Provide
    Arbitrary<String> validNumbers() {
        return Arbitraries.of(List.copyOf(UTIL.getSupportedRegions())).flatMap(region ->
                Arbitraries.of(PhoneNumberUtil.PhoneNumberType.MOBILE, PhoneNumberUtil.PhoneNumberType.FIXED_LINE)
                        .map(type -> UTIL.getExampleNumberForType(region, type)))
                .filter(n -> n != null && UTIL.isValidNumber(n))
                .map(n -> UTIL.format(n, PhoneNumberFormat.E164));
    }

    @Property
    void everyCountrysExampleNumber_isAcceptedUnchanged(@ForAll("validNumbers") String number) {
        assertThat(PhoneNumbers.requireE164("phone_number", number)).isEqualTo(number);
    }

    @Property
    void anyText_isEitherAValidE164Number_orA400NamingTheField(@ForAll @StringLength(max = 40) String text) {
        try {
            String accepted = PhoneNumbers.requireE164("phone_number", text);
            assertThat(accepted).isEqualTo(text).matches("^\\+[1-9]\\d{1,14}$");
            assertThat(UTIL.isValidNumber(UTIL.parse(text, null))).isTrue();
        } catch (InvalidRequestException e) {
            assertThat(e.field()).contains("phone_number");
            assertThat(e.getMessage()).startsWith("phone_number");
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            throw new AssertionError(e);
        }
    }

    @Property
    void digitStrings_afterPlus_areAcceptedExactlyWhenLibphonenumberSaysValid(
            @ForAll("digits") String digits) {
        String text = "+" + digits;
        boolean valid;
        try {
            valid = digits.charAt(0) != '0' && UTIL.isValidNumber(UTIL.parse(text, null))
                    && UTIL.format(UTIL.parse(text, null), PhoneNumberFormat.E164).equals(text);
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            valid = false;
        }
        if (valid) {
            assertThat(PhoneNumbers.requireE164("phone_number", text)).isEqualTo(text);
        } else {
            assertThatThrownBy(() -> PhoneNumbers.requireE164("phone_number", text))
                    .isInstanceOf(InvalidRequestException.class);
        }
    }

    @Provide
    Arbitrary<String> digits() {
        return Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(15);
    }
}
