package com.cordiul.fn.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.auth.AuthorizerEvents;
import com.cordiul.auth.AuthorizerOutcome;
import com.cordiul.auth.AuthorizerPolicy;
import com.cordiul.auth.RequestAuthenticator;
import com.cordiul.identity.Caller;
import com.cordiul.identity.UnauthenticatedException;
import com.cordiul.logging.Log;
import com.cordiul.telemetry.FunctionInvocation;
import com.cordiul.wiring.AuthorizerModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The REQUEST authorizer of every route: an API key or a Clerk session becomes an Allow policy carrying the
 * caller. A missing or bad credential throws "Unauthorized", which API Gateway answers with 401; any other failure
 * (the key store down) propagates, which API Gateway answers with 503 (the template's AUTHORIZER_FAILURE
 * response): never an Allow. A stream handler: it reads
 * its event and writes its policy itself ({@link AuthorizerEvents}), without the runtime's JSON binding.
 */
public final class AuthorizerHandler implements RequestStreamHandler {

    /** The exact message API Gateway turns into a 401. */
    static final String UNAUTHORIZED = "Unauthorized";

    private final RequestAuthenticator authenticator;

    /** Lambda's constructor: the authorizer's wiring, built and primed once per instance. */
    public AuthorizerHandler() {
        this(AuthorizerModule.instance().requestAuthenticator());
    }

    /** Tests' constructor. */
    public AuthorizerHandler(RequestAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        try (FunctionInvocation invocation = FunctionInvocation.start(context)) {
            Log.begin("unknown", null);
            try {
                AuthorizerEvents.Request request = AuthorizerEvents.read(event);
                Log.put("request_id", request.requestId());
                Caller caller = authenticator.authenticate(request.headers(), request.multiValueHeaders());
                Log.put("owner", caller.owner());
                caller.keyId().ifPresent(id -> Log.put("key_id", id));
                Log.info("request authorized", "via", caller.keyId().isPresent() ? "api_key" : "session");
                AuthorizerOutcome.ALLOW.record();
                AuthorizerEvents.write(AuthorizerPolicy.allow(caller, request.methodArn()), output);
            } catch (UnauthenticatedException e) {
                AuthorizerOutcome.of(e).record();
                // Our own message, written to hold no credential.
                Log.info("request refused", "reason", e.getMessage());
                throw new RuntimeException(UNAUTHORIZED);
            } catch (RuntimeException e) {
                AuthorizerOutcome.of(e).record();
                Log.error("authorizer failed; API Gateway answers 503 (AUTHORIZER_FAILURE)", e);
                throw e;
            }
        }
    }
}
