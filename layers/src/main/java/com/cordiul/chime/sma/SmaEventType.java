package com.cordiul.chime.sma;

/** The invocation event types a SIP media application sends to its Lambda function. */
public enum SmaEventType {
    NEW_OUTBOUND_CALL,
    NEW_INBOUND_CALL,
    RINGING,
    CALL_ANSWERED,
    ACTION_SUCCESSFUL,
    ACTION_FAILED,
    ACTION_INTERRUPTED,
    DIGITS_RECEIVED,
    CALL_UPDATE_REQUESTED,
    INVALID_LAMBDA_RESPONSE,
    HANGUP,
    /** A type this code does not know (Chime may add types): logged and answered with no actions. */
    UNKNOWN;

    /** The type with that wire name, or {@link #UNKNOWN}. */
    public static SmaEventType of(String wireName) {
        for (SmaEventType t : values()) {
            if (t != UNKNOWN && t.name().equals(wireName)) {
                return t;
            }
        }
        return UNKNOWN;
    }
}
