package com.cordiul.local.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for the Chime SDK Voice API: {@code POST /sip-media-applications/{id}/calls}
 * (CreateSipMediaApplicationCall), {@code POST /sip-media-applications/{id}/calls/{transactionId}}
 * (UpdateSipMediaApplicationCall, see {@link CallUpdates}) and the SIP media application operations (Create, Get,
 * Update, Delete, List: {@link SmaOperations} over the account's {@link SmaRegistry}) on the real REST-JSON wire, so
 * the real {@code ChimeSdkVoiceClient} can be pointed at it. It requires a SigV4 {@code Authorization} header scoped
 * to the {@code chime} service (the signature itself is not verified), validates the request as Chime does, places a
 * call only through a SIP media application of its registry in the region the request is signed for (as Chime, a
 * {@code NotFoundException} otherwise), enforces Chime's quotas ({@link ChimeQuotas}: the dial and update rates, the
 * active-call limit; a call is active from its dial until {@link #callEnded}, which the playout reports), answers the
 * dial-time magic numbers of {@link DialBehaviour}, counts every attempt and placed call ({@link #stats}), and tells
 * its {@link DialListener}s of every call it places and every update it accepts.
 */
public final class VoiceSimulator implements AutoCloseable {

    /** Chime's pattern for both phone numbers. */
    static final Pattern PHONE = Pattern.compile("^\\+?[1-9]\\d{1,14}$");
    /** SipHeaders and ArgumentsMap hold at most this many entries. */
    static final int MAX_MAP_ENTRIES = 20;

    private static final Pattern ROUTE = Pattern.compile("^/sip-media-applications/([^/]+)/calls$");
    private static final Pattern SCOPE =
            Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([^/,\\s]+)/([^/,\\s]+)/aws4_request");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<DialListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ReceivedRequest> received = new CopyOnWriteArrayList<>();
    private final List<AcceptedDial> accepted = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final CallLedger ledger = new CallLedger();
    private final CallUpdates updates;
    private volatile Set<String> inventory = Set.of();
    private volatile Duration slowDelay = Duration.ofSeconds(10);
    private volatile SmaRegistry applications = SmaRegistry.inMemory();
    private volatile ChimeQuotas quotas = ChimeQuotas.chimeDefaults();
    private volatile Clock clock = Clock.systemUTC();
    private volatile TokenBucket dialRate;
    private volatile TokenBucket updateRate;
    private HttpServer server;
    private ExecutorService executor;

    /** A simulator with Chime's default quotas on the system clock. */
    public VoiceSimulator() {
        buckets();
        this.updates = new CallUpdates(JSON, ledger, () -> updateRate, listeners);
    }

    /** Enforces these quotas from now on (the buckets start full). */
    public VoiceSimulator withQuotas(ChimeQuotas value) {
        this.quotas = value;
        buckets();
        return this;
    }

    /** Times dials and refills the rate buckets on this clock (tests move it by hand). */
    public VoiceSimulator withClock(Clock value) {
        this.clock = value;
        buckets();
        return this;
    }

    /** The quotas it enforces. */
    public ChimeQuotas quotas() {
        return quotas;
    }

    /** Only these FromPhoneNumbers are accepted (the account's inventory); empty accepts any valid number. */
    public VoiceSimulator withInventory(Collection<String> fromNumbers) {
        this.inventory = Set.copyOf(fromNumbers);
        return this;
    }

    /** How long the slow magic number keeps the caller waiting; longer than the client's timeout. */
    public VoiceSimulator withSlowDelay(Duration delay) {
        this.slowDelay = delay;
        return this;
    }

    /** Keeps the account's SIP media applications in that file (read now, written after every change). */
    public VoiceSimulator withSipMediaApplicationsIn(Path file) {
        this.applications = SmaRegistry.persistedIn(file);
        return this;
    }

    /** The account's SIP media applications. */
    public SmaRegistry sipMediaApplications() {
        return applications;
    }

    /** Starts serving on 127.0.0.1 at the port (0 for a free one). */
    public VoiceSimulator start(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("The voice simulator could not listen on port " + port, e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "voice-simulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
        return this;
    }

    /** The base URL to give the client as its endpoint override. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds a listener told of every placed call. */
    public void addListener(DialListener listener) {
        listeners.add(listener);
    }

    /** How many calls were placed (including those answered with an error after placing). */
    public int dials() {
        return accepted.size();
    }

    /** The calls placed, in order. */
    public List<AcceptedDial> accepted() {
        return List.copyOf(accepted);
    }

    /** How many CreateSipMediaApplicationCall requests named this destination, whatever their outcome. */
    public int attempts(String toPhoneNumber) {
        AtomicInteger count = attempts.get(toPhoneNumber);
        return count == null ? 0 : count.get();
    }

    /** Every request received, in order. */
    public List<ReceivedRequest> received() {
        return List.copyOf(received);
    }

    /**
     * The call has ended (the playout saw it hang up, or gave up on it): it no longer counts against the active-call
     * limit, and updates to it are 404s. False when it was not active.
     */
    public boolean callEnded(String transactionId) {
        return ledger.end(transactionId);
    }

    /** Every count at once: placed calls per call id and destination, the busiest second, active calls. */
    public DialStats stats() {
        return ledger.stats();
    }

    /** Calls placed whose ArgumentsMap named this {@code call_id}. */
    public int dialsFor(String callId) {
        return stats().placedFor(callId);
    }

    /** Calls placed to this number. */
    public int dialsTo(String toPhoneNumber) {
        return stats().placedTo(toPhoneNumber);
    }

    /** The most calls placed within any window of this length. */
    public int maxDialsInAnyWindow(Duration window) {
        return ledger.maxInAnyWindow(window);
    }

    /** Calls placed and not yet hung up. */
    public int activeCalls() {
        return stats().activeCalls();
    }

    /** The most calls that were active at once. */
    public int peakActiveCalls() {
        return stats().peakActiveCalls();
    }

    /**
     * Forgets every request, attempt and dial, and the quota refusals (listeners and configuration stay; calls still
     * active stay active, and the peak restarts from them).
     */
    public void reset() {
        received.clear();
        accepted.clear();
        attempts.clear();
        ledger.reset();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            received.add(new ReceivedRequest(exchange.getRequestMethod(), path, body));
            ChimeError authError = checkSignature(exchange.getRequestHeaders().getFirst("Authorization"));
            if (authError != null) {
                sendError(exchange, authError);
                return;
            }
            if (SmaOperations.serves(path)) {
                new SmaOperations(applications).serve(exchange, body);
                return;
            }
            if (CallUpdates.matches(exchange.getRequestMethod(), path)) {
                updates.handle(exchange, path, body);
                return;
            }
            Matcher route = ROUTE.matcher(path);
            if (!route.matches() || !"POST".equals(exchange.getRequestMethod())) {
                sendError(exchange, ChimeError.notFound("No operation at " + exchange.getRequestMethod() + " " + path));
                return;
            }
            dial(exchange, URLDecoder.decode(route.group(1), StandardCharsets.UTF_8),
                    signedRegion(exchange.getRequestHeaders().getFirst("Authorization")), body);
        } catch (IOException | RuntimeException e) {
            // The client went away (e.g. it timed out on the slow number): nothing left to answer.
        }
    }

    private void dial(HttpExchange exchange, String smaId, String region, String body) throws IOException {
        DialRequest request;
        try {
            request = DialRequest.parse(JSON, body);
        } catch (IllegalArgumentException e) {
            sendError(exchange, ChimeError.badRequest(e.getMessage()));
            return;
        }
        int attempt = attempts.computeIfAbsent(request.to(), k -> new AtomicInteger()).incrementAndGet();
        TokenBucket rate = dialRate;
        Instant arrived = rate == null ? clock.instant() : rate.take();
        if (arrived == null) {
            // Above the dial rate: refused before anything else, and nothing placed.
            ledger.throttledDial();
            sendError(exchange, ChimeError.throttled());
            return;
        }
        String invalid = request.problem(inventory);
        if (invalid != null) {
            sendError(exchange, ChimeError.badRequest(invalid));
            return;
        }
        if (applications.find(smaId).filter(sma -> sma.awsRegion().equals(region)).isEmpty()) {
            // Chime's applications are regional: one of another region is not found at this endpoint either.
            sendError(exchange, ChimeError.notFound("SIP media application " + smaId + " not found."));
            return;
        }
        switch (DialBehaviour.forDestination(request.to())) {
            case BAD_REQUEST -> sendError(exchange, ChimeError.badRequest("The destination cannot be dialed."));
            case RESOURCE_LIMIT -> sendError(exchange, ChimeError.resourceLimit());
            case THROTTLED -> sendError(exchange, ChimeError.throttled());
            case THROTTLED_ONCE -> {
                if (attempt % 2 == 1) {
                    sendError(exchange, ChimeError.throttled());
                } else {
                    sendAccepted(exchange, place(smaId, request, arrived));
                }
            }
            case FAILURE_AFTER_DIAL -> {
                if (place(smaId, request, arrived) != null) {
                    sendError(exchange, ChimeError.serviceFailure());
                } else {
                    sendError(exchange, ChimeError.resourceLimit());
                }
            }
            case UNAVAILABLE -> sendError(exchange, ChimeError.unavailable());
            case SLOW -> {
                AcceptedDial dial = place(smaId, request, arrived);
                if (dial == null) {
                    sendError(exchange, ChimeError.resourceLimit());
                    return;
                }
                try {
                    Thread.sleep(slowDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                sendAccepted(exchange, dial);
            }
            case ACCESS_DENIED -> sendError(exchange, ChimeError.accessDenied());
            case UNAUTHORIZED -> sendError(exchange, ChimeError.unauthorized());
            case FORBIDDEN -> sendError(exchange, ChimeError.forbidden());
            default -> sendAccepted(exchange, place(smaId, request, arrived));
        }
    }

    /**
     * Places the call, timed at {@code arrived} (when the dial took its token), or returns null when the account
     * already has its limit of active calls.
     */
    private AcceptedDial place(String smaId, DialRequest request, Instant arrived) {
        AcceptedDial dial = new AcceptedDial(smaId, UUID.randomUUID().toString(), request.from(), request.to(),
                request.arguments(), request.sipHeaders());
        ChimeQuotas limits = quotas;
        if (!ledger.admit(dial, limits.enforced() ? limits.maxActiveCalls() : Integer.MAX_VALUE, arrived)) {
            return null;
        }
        accepted.add(dial);
        for (DialListener listener : listeners) {
            try {
                listener.dialed(dial);
            } catch (RuntimeException e) {
                // A listener's failure is the playout's problem, not the API caller's.
            }
        }
        return dial;
    }

    private static ChimeError checkSignature(String authorization) {
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            return ChimeError.missingSignature();
        }
        Matcher scope = SCOPE.matcher(authorization);
        if (!scope.find()) {
            return ChimeError.missingSignature();
        }
        return "chime".equals(scope.group(2)) ? null : ChimeError.wrongScope(scope.group(2));
    }

    /** The region of a request's signature scope ({@link #checkSignature} has accepted it). */
    private static String signedRegion(String authorization) {
        Matcher scope = SCOPE.matcher(authorization);
        return scope.find() ? scope.group(1) : "";
    }

    private void buckets() {
        ChimeQuotas limits = quotas;
        Clock time = clock;
        dialRate = limits.enforced() ? new TokenBucket(limits.dialBurst(), limits.dialsPerSecond(), time) : null;
        updateRate = limits.enforced() ? new TokenBucket(limits.updateBurst(), limits.updatesPerSecond(), time) : null;
    }

    /** 201 with the transaction id, or 400 ResourceLimitExceededException when the call could not be placed. */
    private static void sendAccepted(HttpExchange exchange, AcceptedDial dial) throws IOException {
        if (dial == null) {
            sendError(exchange, ChimeError.resourceLimit());
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.putObject("SipMediaApplicationCall").put("TransactionId", dial.transactionId());
        send(exchange, 201, root, Map.of());
    }

    static void sendError(HttpExchange exchange, ChimeError error) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (error.code() != null) {
            root.put("Code", error.code());
        }
        root.put("Message", error.message());
        send(exchange, error.status(), root,
                Map.of("x-amzn-ErrorType", error.type() + ":http://internal.amazon.com/coral/com.amazonaws.chime/"));
    }

    static void send(HttpExchange exchange, int status, JsonNode body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        var responseHeaders = exchange.getResponseHeaders();
        responseHeaders.set("Content-Type", "application/json");
        responseHeaders.set("x-amzn-RequestId", UUID.randomUUID().toString());
        headers.forEach(responseHeaders::set);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The body of CreateSipMediaApplicationCall. */
    record DialRequest(String from, String to, Map<String, String> sipHeaders, Map<String, String> arguments) {

        static DialRequest parse(ObjectMapper json, String body) {
            JsonNode root;
            try {
                root = json.readTree(body);
            } catch (IOException e) {
                throw new IllegalArgumentException("The request body is not valid JSON.");
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("The request body must be a JSON object.");
            }
            return new DialRequest(text(root, "FromPhoneNumber"), text(root, "ToPhoneNumber"),
                    map(root, "SipHeaders"), map(root, "ArgumentsMap"));
        }

        /** Why Chime would refuse this request, or null. */
        String problem(Set<String> inventory) {
            if (!PHONE.matcher(from).matches()) {
                return "FromPhoneNumber is not a valid phone number.";
            }
            if (!PHONE.matcher(to).matches()) {
                return "ToPhoneNumber is not a valid phone number.";
            }
            if (sipHeaders.size() > MAX_MAP_ENTRIES || arguments.size() > MAX_MAP_ENTRIES) {
                return "SipHeaders and ArgumentsMap hold at most " + MAX_MAP_ENTRIES + " entries.";
            }
            if (!inventory.isEmpty() && !inventory.contains(from)) {
                return "FromPhoneNumber is not a phone number of this account.";
            }
            return null;
        }

        private static String text(JsonNode root, String name) {
            JsonNode value = root.get(name);
            if (value == null || !value.isTextual()) {
                throw new IllegalArgumentException(name + " is required and must be a string.");
            }
            return value.asText();
        }

        private static Map<String, String> map(JsonNode root, String name) {
            JsonNode value = root.get(name);
            if (value == null || value.isNull()) {
                return Map.of();
            }
            if (!value.isObject()) {
                throw new IllegalArgumentException(name + " must be a map of strings.");
            }
            Map<String, String> result = new LinkedHashMap<>();
            List<String> badKeys = new ArrayList<>();
            value.properties().forEach(e -> {
                if (e.getValue().isTextual()) {
                    result.put(e.getKey(), e.getValue().asText());
                } else {
                    badKeys.add(e.getKey());
                }
            });
            if (!badKeys.isEmpty()) {
                throw new IllegalArgumentException(name + " values must be strings.");
            }
            return result;
        }
    }
}
