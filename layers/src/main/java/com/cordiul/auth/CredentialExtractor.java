package com.cordiul.auth;

import com.cordiul.http.Headers;
import com.cordiul.identity.Credential;
import com.cordiul.identity.UnauthenticatedException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the credential in a request's headers. {@code Authorization: Bearer <token>} (scheme in any case, spaces
 * tolerated) and {@code x-api-key: <key>} are accepted; a bearer token shaped like a JWT is a Clerk session. Every
 * copy of both headers is read (API Gateway gives a header sent more than once as several values): copies that
 * carry the same credential are that one credential, since a client or a proxy that repeats a header names
 * nobody else by it; copies that carry different credentials, or one that is not a Bearer credential, are refused,
 * so that no two readers of the request can pick different callers.
 */
public final class CredentialExtractor {

    /** Longer credentials are refused unparsed; Clerk session tokens are well under this. */
    public static final int MAX_CREDENTIAL_LENGTH = 8192;

    private static final Pattern BEARER = Pattern.compile("^\\s*bearer\\s+(\\S+)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern JWT = Pattern.compile("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$");

    private CredentialExtractor() {
    }

    /** The credential of the request's single-value headers; see {@link #extract(Map, Map)}. */
    public static Credential extract(Map<String, String> headers) {
        return extract(headers, null);
    }

    /**
     * The credential of the request, from every copy of its credential headers in either map; throws
     * {@link UnauthenticatedException} when there is none or when the copies disagree.
     */
    public static Credential extract(Map<String, String> headers, Map<String, List<String>> multiValueHeaders) {
        Set<String> bearer = copies(headers, multiValueHeaders, "authorization", CredentialExtractor::bearerToken);
        String value = theOne(bearer, copies(headers, multiValueHeaders, "x-api-key", String::strip)).orElseThrow(
                () -> new UnauthenticatedException("No credential: send Authorization: Bearer <key> or x-api-key."));
        if (value.length() > MAX_CREDENTIAL_LENGTH) {
            throw new UnauthenticatedException("The credential is too long.");
        }
        if (bearer.contains(value) && JWT.matcher(value).matches()) {
            return new Credential.SessionToken(value);
        }
        return new Credential.ApiKey(value);
    }

    /**
     * Refuses a request whose credential headers carry more than one credential. The functions check the proxy
     * event's multi-value headers again, whatever the authorizer saw: its event may hold the last copy of a
     * repeated header only. A request without a credential passes here: the authorizer decided who it is.
     */
    public static void requireUnambiguous(Map<String, String> headers, Map<String, List<String>> multiValueHeaders) {
        theOne(copies(headers, multiValueHeaders, "authorization", CredentialExtractor::bearerToken),
                copies(headers, multiValueHeaders, "x-api-key", String::strip));
    }

    private static Optional<String> theOne(Set<String> bearer, Set<String> apiKey) {
        if (bearer.size() > 1 || apiKey.size() > 1) {
            throw new UnauthenticatedException("Header " + (bearer.size() > 1 ? "authorization" : "x-api-key")
                    + " is given more than once with different credentials.");
        }
        Set<String> credentials = new LinkedHashSet<>(bearer);
        credentials.addAll(apiKey);
        if (credentials.size() > 1) {
            throw new UnauthenticatedException("Authorization and x-api-key carry different credentials.");
        }
        return credentials.stream().findFirst();
    }

    private static Set<String> copies(Map<String, String> headers, Map<String, List<String>> multiValueHeaders,
                                      String name, UnaryOperator<String> credentialOf) {
        Set<String> credentials = new LinkedHashSet<>();
        for (String value : Headers.all(headers, multiValueHeaders, name)) {
            if (!value.isBlank()) {
                credentials.add(credentialOf.apply(value));
            }
        }
        return credentials;
    }

    private static String bearerToken(String authorization) {
        Matcher matcher = BEARER.matcher(authorization);
        if (!matcher.matches()) {
            throw new UnauthenticatedException("Authorization must use the Bearer scheme.");
        }
        return matcher.group(1);
    }
}
