package com.cordiul.calls;

import com.cordiul.core.InvalidRequestException;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.regex.Pattern;

/**
 * E.164 phone numbers, checked with libphonenumber: {@code +}, a country code, the national number, digits only,
 * and a number that exists in its country's numbering plan. Errors name the field and say what is wrong.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");
    private static final Pattern ECHOABLE = Pattern.compile("^[+0-9 ()\\-.]{1,24}$");

    private PhoneNumbers() {
    }

    /** The number, unchanged, when it is a valid E.164 number; else a 400 naming the field. */
    public static String requireE164(String field, String value) {
        String shown = ECHOABLE.matcher(value).matches() ? field + " '" + value + "'" : field;
        if (!value.startsWith("+")) {
            throw invalid(field, shown + " must be in E.164 format: '+', the country code, then the number, "
                    + "digits only (e.g. +12025550123).");
        }
        if (value.length() > 1 && value.charAt(1) == '0') {
            throw invalid(field, shown + " is not a valid phone number: no country code starts with 0.");
        }
        if (!E164.matcher(value).matches()) {
            throw invalid(field, shown + " must be in E.164 format: '+' followed by 2 to 15 digits, no spaces or "
                    + "punctuation (e.g. +12025550123).");
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(value, null);
        } catch (NumberParseException e) {
            throw invalid(field, shown + " is not a valid phone number: " + parseReason(e.getErrorType()) + ".");
        }
        if (!UTIL.isValidNumber(number)) {
            throw invalid(field, shown + " is not a valid phone number: " + invalidReason(number) + ".");
        }
        String formatted = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        if (!formatted.equals(value)) {
            throw invalid(field, shown + " is not in canonical E.164 form; did you mean " + formatted + "?");
        }
        return value;
    }

    private static String parseReason(NumberParseException.ErrorType type) {
        return switch (type) {
            case INVALID_COUNTRY_CODE -> "it does not start with a known country code";
            case TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD -> "it is too short";
            case TOO_LONG -> "it is too long";
            default -> "it cannot be read as a phone number";
        };
    }

    private static String invalidReason(PhoneNumber number) {
        int country = number.getCountryCode();
        String region = UTIL.getRegionCodeForNumber(number);
        return switch (UTIL.isPossibleNumberWithReason(number)) {
            case INVALID_COUNTRY_CODE -> "+" + country + " is not a country code in use";
            case TOO_SHORT -> "it is too short for country code +" + country;
            case TOO_LONG -> "it is too long for country code +" + country;
            case INVALID_LENGTH -> "it has the wrong number of digits for country code +" + country;
            default -> region == null
                    ? "no number range of country code +" + country + " holds it"
                    : "it is not in a number range in use in " + region;
        };
    }

    private static InvalidRequestException invalid(String field, String message) {
        return new InvalidRequestException(field, message);
    }
}
