package com.cordiul.auth;

import com.cordiul.identity.Caller;
import com.cordiul.identity.Credential;
import com.cordiul.identity.UnauthenticatedException;
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
     * The caller.
     *
     * @throws UnauthenticatedException when the request carries no valid credential
     */
    public Caller authenticate(Map<String, String> headers) {
        Credential credential = CredentialExtractor.extract(headers);
        if (credential instanceof Credential.SessionToken session) {
            return sessions.verify(session.value());
        }
        return apiKeys.authenticate(((Credential.ApiKey) credential).value());
    }
}
