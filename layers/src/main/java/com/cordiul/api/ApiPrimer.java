package com.cordiul.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.cordiul.logging.Log;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming of the API edge: before the snapshot, one JSON body is parsed and one success and one error
 * envelope are written, so that Jackson's parser, its serializers for the envelope and the edge's own classes are
 * loaded and initialised in the snapshot rather than on the first request. No I/O; it never fails the checkpoint.
 */
public final class ApiPrimer implements Resource {

    // CRaC holds resources weakly: this strong reference keeps the one primer registered for the snapshot.
    private static volatile ApiPrimer registered;

    ApiPrimer() {
    }

    /** Registers the edge's primer once per function instance; handlers call it from their Lambda constructor. */
    public static synchronized void registerOnce() {
        if (registered == null) {
            ApiPrimer primer = new ApiPrimer();
            Core.getGlobalContext().register(primer);
            registered = primer;
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to restore: priming left no state behind.
    }

    /** Parses and renders once; returns whether it all ran, and never throws. */
    public static boolean prime() {
        try {
            APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                    .withHeaders(Map.of("Content-Type", "application/json"))
                    .withBody("{\"contact_id\":\"priming\",\"n\":[1,2.5,true,null]}");
            new ApiRequest(event).jsonObjectBody();
            Envelope.success(Map.of("id", "priming", "items", List.of(Map.of("n", 1))));
            Envelope.error("priming", "priming", "field", "priming");
            return true;
        } catch (RuntimeException e) {
            Log.warn("API edge priming failed; the snapshot is taken anyway", "error_type", e.getClass().getName());
            return false;
        }
    }
}
