package com.cordiul.fn.stalecallsweeper;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.cordiul.calls.progress.StaleCallSweeper;
import com.cordiul.core.Json;
import com.cordiul.logging.Log;
import com.cordiul.telemetry.FunctionInvocation;
import com.cordiul.wiring.SweeperModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Runs on the EventBridge schedule: fails calls left open without a confirming event. A stream handler: nothing in
 * the scheduled event matters beyond its id, for the log, so the runtime is spared binding it (bench/README.md);
 * an unreadable event does not stop the sweep. Answers the run's counts.
 */
public final class StaleCallSweeperHandler implements RequestStreamHandler {

    private final StaleCallSweeper sweeper;

    /** Lambda's constructor: the sweeper's wiring, built and primed once per instance. */
    public StaleCallSweeperHandler() {
        this(SweeperModule.instance().staleCallSweeper());
    }

    /** For tests: the sweeper to use. */
    public StaleCallSweeperHandler(StaleCallSweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        try (FunctionInvocation invocation = FunctionInvocation.start(context)) {
            Log.put("schedule_event_id", scheduleEventId(event));
            Json.write(sweeper.sweep(), output);
        }
    }

    private static String scheduleEventId(byte[] event) {
        try {
            return Json.parse(event) instanceof Map<?, ?> map && map.get("id") instanceof String id ? id : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
