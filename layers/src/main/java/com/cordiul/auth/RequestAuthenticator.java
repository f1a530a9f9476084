package com.cordiul.auth;

import com.cordiul.identity.Caller;
import com.cordiul.identity.Credential;
import com.cordiul.identity.UnauthenticatedException;
import java.util.List;
import java.util.Map;

/** Establishes who sends a request, from its headers: an API key or a Clerk session. */
public final class RequestAuthenticator {

    private final ApiKeyAuthenticator apiKeys;
    private final ClerkSessionVerifier sessions;

    public RequestAuthenticator(ApiKeyAuthenticator apiKeys, ClerkSessionVerifier sessions) {
        this.apiKeys = apiKeys;
        this.sessions = sessions;
    }

    /**
     * The caller, from every copy of the credential headers in either map (the multi-value one may be null).
     *
     * @throws UnauthenticatedException when the request carries no valid credential, or more than one
     */
    public Caller authenticate(Map<String, String> headers, Map<String, List<String>> multiValueHeaders) {
        Credential credential = CredentialExtractor.extract(headers, multiValueHeaders);
        if (credential instanceof Credential.SessionToken session) {
            return sessions.verify(session.value());
        }
        return apiKeys.authenticate(((Credential.ApiKey) credential).value());
    }
}
