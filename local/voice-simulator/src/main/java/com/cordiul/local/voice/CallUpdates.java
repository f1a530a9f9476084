package com.cordiul.local.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * UpdateSipMediaApplicationCall on the wire: {@code POST /sip-media-applications/{id}/calls/{transactionId}} with
 * {@code {"Arguments": {...}}} (required, 0-20 string pairs). Within the update rate, for a call that is still active
 * on that SIP media application, it tells the listeners (the playout then invokes the function with
 * CALL_UPDATE_REQUESTED and runs its answer) and answers 202 with the transaction id; an unknown or ended
 * transaction is a 404 NotFoundException, a rate above the quota a 429 ThrottledClientException.
 */
final class CallUpdates {

    static final Pattern ROUTE = Pattern.compile("^/sip-media-applications/([^/]+)/calls/([^/]+)$");

    private final ObjectMapper json;
    private final CallLedger ledger;
    private final Supplier<TokenBucket> bucket;
    private final List<DialListener> listeners;

    /**
     * @param bucket the update rate's bucket, or a supplier of null when quotas are not enforced
     */
    CallUpdates(ObjectMapper json, CallLedger ledger, Supplier<TokenBucket> bucket, List<DialListener> listeners) {
        this.json = json;
        this.ledger = ledger;
        this.bucket = bucket;
        this.listeners = listeners;
    }

    /** Whether this request is an UpdateSipMediaApplicationCall. */
    static boolean matches(String method, String path) {
        return "POST".equals(method) && ROUTE.matcher(path).matches();
    }

    void handle(HttpExchange exchange, String path, String body) throws IOException {
        Matcher route = ROUTE.matcher(path);
        if (!route.matches()) {
            throw new IllegalArgumentException("Not an UpdateSipMediaApplicationCall path: " + path);
        }
        TokenBucket rate = bucket.get();
        if (rate != null && !rate.tryTake()) {
            ledger.throttledUpdate();
            VoiceSimulator.sendError(exchange, ChimeError.throttled());
            return;
        }
        Map<String, String> arguments;
        try {
            arguments = arguments(body);
        } catch (IllegalArgumentException e) {
            VoiceSimulator.sendError(exchange, ChimeError.badRequest(e.getMessage()));
            return;
        }
        String smaId = route.group(1);
        String transactionId = route.group(2);
        AcceptedDial call = ledger.active(smaId, transactionId);
        if (call == null) {
            VoiceSimulator.sendError(exchange, ChimeError.notFound("No active call " + transactionId
                    + " on SIP media application " + smaId));
            return;
        }
        for (DialListener listener : listeners) {
            try {
                listener.updateRequested(call, arguments);
            } catch (RuntimeException e) {
                // The playout's problem, not the API caller's: Chime accepted the update.
            }
        }
        ObjectNode root = json.createObjectNode();
        root.putObject("SipMediaApplicationCall").put("TransactionId", transactionId);
        VoiceSimulator.send(exchange, 202, root, Map.of());
    }

    private Map<String, String> arguments(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("The request body is not valid JSON.");
        }
        JsonNode value = root == null ? null : root.get("Arguments");
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException("Arguments is required and must be a map of strings.");
        }
        if (value.size() > VoiceSimulator.MAX_MAP_ENTRIES) {
            throw new IllegalArgumentException("Arguments holds at most " + VoiceSimulator.MAX_MAP_ENTRIES
                    + " entries.");
        }
        Map<String, String> arguments = new LinkedHashMap<>();
        for (var e : value.properties()) {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("Arguments values must be strings.");
            }
            arguments.put(e.getKey(), e.getValue().asText());
        }
        return arguments;
    }
}
