package com.cordiul.wiring;

import com.cordiul.calls.progress.CallProgress;
import java.time.Clock;
import java.time.ZoneOffset;

/** The wiring of the SIP media application's function: Chime's call events recorded on the calls table. */
public final class CallStatusModule extends FunctionModule {

    private static CallStatusModule instance;

    private CallProgress callProgress;

    private CallStatusModule() {
    }

    /** This function instance's module, built on first use. */
    public static synchronized CallStatusModule instance() {
        if (instance == null) {
            instance = new CallStatusModule();
        }
        return instance;
    }

    /** Recording what each event reports and answering with the call's next actions. */
    public synchronized CallProgress callProgress() {
        if (callProgress == null) {
            callProgress = CallProgress.fromEnvironment(callStore(), Clock.tickMillis(ZoneOffset.UTC));
        }
        return callProgress;
    }
}
