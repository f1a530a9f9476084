package com.cordiul.calls;

import com.cordiul.core.Environment;
import com.cordiul.core.InvalidRequestException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The numbers calls may come from: the default caller number, and when configured the account's Chime inventory
 * (any other from_number is refused before dialing, with a message the customer can act on).
 *
 * @param defaultFrom the number used when a request gives none
 * @param owned the numbers in the Chime inventory; empty means "not configured", every valid number is accepted
 */
public record CallerNumbers(Optional<String> defaultFrom, Set<String> owned) {

    public CallerNumbers {
        owned = Set.copyOf(owned);
        defaultFrom.ifPresent(d -> PhoneNumbers.requireE164("DEFAULT_FROM_NUMBER", d));
        owned.forEach(n -> PhoneNumbers.requireE164("OWNED_NUMBERS", n));
        if (defaultFrom.isPresent() && !owned.isEmpty() && !owned.contains(defaultFrom.get())) {
            throw new IllegalStateException("DEFAULT_FROM_NUMBER is not one of OWNED_NUMBERS");
        }
    }

    /** From {@code DEFAULT_FROM_NUMBER} and {@code OWNED_NUMBERS} (comma-separated); a bad value fails at init. */
    public static CallerNumbers fromEnvironment() {
        Set<String> owned = new LinkedHashSet<>();
        Environment.get("OWNED_NUMBERS").ifPresent(list -> Arrays.stream(list.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).forEach(owned::add));
        try {
            return new CallerNumbers(Environment.get("DEFAULT_FROM_NUMBER").map(String::trim), owned);
        } catch (InvalidRequestException e) {
            throw new IllegalStateException("Invalid caller number configuration: " + e.getMessage());
        }
    }

    /** The number a call comes from: the one asked for (if allowed), else the default. */
    String resolve(Optional<String> requested) {
        if (requested.isEmpty()) {
            return defaultFrom.orElseThrow(() -> new InvalidRequestException("from_number",
                    "from_number is required: no default caller number is configured for this account."));
        }
        String from = requested.get();
        if (!owned.isEmpty() && !owned.contains(from)) {
            throw new InvalidRequestException("from_number", "from_number '" + from
                    + "' is not a number of this account; use one of: " + String.join(", ", owned) + ".");
        }
        return from;
    }
}
