package com.cordiul.auth;

import com.cordiul.http.Headers;
import com.cordiul.identity.Credential;
import com.cordiul.identity.UnauthenticatedException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the credential in a request's headers. {@code Authorization: Bearer <token>} (scheme in any case, spaces
 * tolerated) and {@code x-api-key: <key>} are accepted; a bearer token shaped like a JWT is a Clerk session. Any
 * ambiguity (both headers with different values, a header given twice, another scheme) is refused.
 */
public final class CredentialExtractor {

    /** Longer credentials are refused unparsed; Clerk session tokens are well under this. */
    public static final int MAX_CREDENTIAL_LENGTH = 8192;

    private static final Pattern BEARER = Pattern.compile("^\\s*bearer\\s+(\\S+)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern JWT = Pattern.compile("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$");

    private CredentialExtractor() {
    }

    /** The credential of the request; throws {@link UnauthenticatedException} when there is none or it is unclear. */
    public static Credential extract(Map<String, String> headers) {
        Optional<String> bearer = single(headers, "authorization").map(CredentialExtractor::bearerToken);
        Optional<String> apiKey = single(headers, "x-api-key").map(String::strip);
        if (bearer.isPresent() && apiKey.isPresent() && !bearer.get().equals(apiKey.get())) {
            throw new UnauthenticatedException("Authorization and x-api-key carry different credentials.");
        }
        String value = bearer.or(() -> apiKey).orElseThrow(
                () -> new UnauthenticatedException("No credential: send Authorization: Bearer <key> or x-api-key."));
        if (value.length() > MAX_CREDENTIAL_LENGTH) {
            throw new UnauthenticatedException("The credential is too long.");
        }
        if (bearer.isPresent() && JWT.matcher(value).matches()) {
            return new Credential.SessionToken(value);
        }
        return new Credential.ApiKey(value);
    }

    /**
     * Refuses a request that repeats a credential header. API Gateway hands a REQUEST authorizer the last value of a
     * repeated header only (the events library's authorizer event has no multi-value map), so the functions check
     * the proxy event's multi-value headers again: a key sent twice is refused, whichever copy the authorizer saw.
     */
    public static void requireUnrepeated(Map<String, String> headers, Map<String, List<String>> multiValueHeaders) {
        for (String name : List.of("authorization", "x-api-key")) {
            if (Headers.all(headers, multiValueHeaders, name).stream().filter(v -> !v.isBlank()).count() > 1) {
                throw new UnauthenticatedException("Header " + name + " is given more than once.");
            }
        }
    }

    private static Optional<String> single(Map<String, String> headers, String name) {
        List<String> values = Headers.all(headers, null, name).stream().filter(v -> !v.isBlank()).toList();
        if (values.size() > 1) {
            throw new UnauthenticatedException("Header " + name + " is given more than once.");
        }
        return values.stream().findFirst();
    }

    private static String bearerToken(String authorization) {
        Matcher matcher = BEARER.matcher(authorization);
        if (!matcher.matches()) {
            throw new UnauthenticatedException("Authorization must use the Bearer scheme.");
        }
        return matcher.group(1);
    }
}
