package com.cordiul.local.voice;

import java.util.Map;

/**
 * A CreateSipMediaApplicationCall the simulator accepted: from here on the call is "placed" and gets played out.
 *
 * @param sipMediaApplicationId the SIP media application named in the request path
 * @param transactionId the transaction id returned to the caller
 * @param fromPhoneNumber the caller number
 * @param toPhoneNumber the destination
 * @param arguments the request's ArgumentsMap
 * @param sipHeaders the request's SipHeaders
 */
public record AcceptedDial(String sipMediaApplicationId, String transactionId, String fromPhoneNumber,
                           String toPhoneNumber, Map<String, String> arguments, Map<String, String> sipHeaders) {

    public AcceptedDial {
        arguments = Map.copyOf(arguments);
        sipHeaders = Map.copyOf(sipHeaders);
    }
}
