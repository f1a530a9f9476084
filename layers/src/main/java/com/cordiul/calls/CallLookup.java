package com.cordiul.calls;


/** Fetches one of the caller's calls. Another owner's call and a missing one look exactly the same: 404. */
public class CallLookup {

    private final CallStore store;

    public CallLookup(CallStore store) {
        this.store = store;
    }

    /** The owner's call with that id. */
    public CallRecord get(String owner, String id) {
        if (!CallIds.isWellFormed(id)) {
            throw notFound();
        }
        return store.find(owner, id).orElseThrow(CallLookup::notFound);
    }

    private static CallNotFoundException notFound() {
        return new CallNotFoundException("No call with this id exists.");
    }
}
