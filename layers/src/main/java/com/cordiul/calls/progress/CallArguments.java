package com.cordiul.calls.progress;

import com.cordiul.calls.CallStore.CallKey;
import java.util.Map;
import java.util.Optional;

/**
 * The entries by which a Chime transaction names its Cordiul call: the create-call path sends them in
 * CreateSipMediaApplicationCall's {@code ArgumentsMap} (they arrive on NEW_OUTBOUND_CALL at
 * {@code ActionData.Parameters.Arguments}), and {@link CallProgress} hands them back as {@code TransactionAttributes}
 * so that every later event of the call carries them too.
 */
public final class CallArguments {

    /** The call's id. */
    public static final String CALL_ID = "call_id";
    /** The account that placed the call (the table's hash key). */
    public static final String OWNER = "owner";

    private CallArguments() {
    }

    /** The ArgumentsMap naming a call. */
    public static Map<String, String> of(String owner, String callId) {
        return Map.of(OWNER, owner, CALL_ID, callId);
    }

    /** The call a map names, when it holds both entries. */
    public static Optional<CallKey> read(Map<String, String> map) {
        String owner = map.get(OWNER);
        String id = map.get(CALL_ID);
        if (owner == null || owner.isBlank() || id == null || id.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new CallKey(owner, id));
    }
}
