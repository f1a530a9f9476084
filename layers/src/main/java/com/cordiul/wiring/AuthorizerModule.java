package com.cordiul.wiring;

import com.cordiul.auth.ApiKeyAuthenticator;
import com.cordiul.auth.ClerkSessionVerifier;
import com.cordiul.auth.RequestAuthenticator;
import java.time.Clock;

/** The wiring of the REQUEST authorizer: API keys on the keys table, Clerk sessions from their configuration. */
public final class AuthorizerModule extends FunctionModule {

    private static AuthorizerModule instance;

    private RequestAuthenticator authenticator;

    private AuthorizerModule() {
    }

    /** This function instance's module, built on first use. */
    public static synchronized AuthorizerModule instance() {
        if (instance == null) {
            instance = new AuthorizerModule();
        }
        return instance;
    }

    /** Who sends a request: an API key or a Clerk session. */
    public synchronized RequestAuthenticator requestAuthenticator() {
        if (authenticator == null) {
            authenticator = new RequestAuthenticator(new ApiKeyAuthenticator(apiKeyStore(), Clock.systemUTC()),
                    ClerkSessionVerifier.fromEnvironment());
        }
        return authenticator;
    }
}
