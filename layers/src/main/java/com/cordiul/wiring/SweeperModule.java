package com.cordiul.wiring;

import com.cordiul.calls.CallStatusMachine;
import com.cordiul.calls.progress.StaleCallSweeper;
import com.cordiul.calls.progress.SweepSettings;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * The wiring of the stale-call sweeper: the calls table and its sparse open-status index, then the repair of the dial
 * pacer's active calls.
 */
public final class SweeperModule extends FunctionModule {

    private static SweeperModule instance;

    private StaleCallSweeper sweeper;

    private SweeperModule() {
    }

    /** This function instance's module, built on first use. */
    public static synchronized SweeperModule instance() {
        if (instance == null) {
            instance = new SweeperModule();
        }
        return instance;
    }

    /** One sweep per scheduled run. */
    public synchronized StaleCallSweeper staleCallSweeper() {
        if (sweeper == null) {
            sweeper = new StaleCallSweeper(dynamoDb(), callStore(), new CallStatusMachine(),
                    Clock.tickMillis(ZoneOffset.UTC), SweepSettings.fromEnvironment(),
                    () -> dialPacer().repair(callStore()));
        }
        return sweeper;
    }
}
