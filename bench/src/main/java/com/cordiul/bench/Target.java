package com.cordiul.bench;

import com.cordiul.sandbox.FunctionPackage;
import com.cordiul.bench.scenario.Scenario;
import java.util.Optional;

/**
 * Something the bench measures.
 *
 * @param name its name in the report
 * @param kind a baseline, a project function, or a variant measured for a design choice
 * @param fn how it is deployed
 * @param scenario its events
 * @param skipReason why it cannot be measured in this checkout, if it cannot
 * @param countRoundTrips whether to run it once more with the counting interceptor
 */
record Target(String name, Kind kind, FunctionPackage fn, Scenario scenario, Optional<String> skipReason,
              boolean countRoundTrips) {

    /** The same target, reported as a design-choice variant. */
    Target asChoice() {
        return new Target(name, Kind.CHOICE, fn, scenario, skipReason, countRoundTrips);
    }

    /** What a target is for. */
    enum Kind { BASELINE, FUNCTION, CHOICE }
}
