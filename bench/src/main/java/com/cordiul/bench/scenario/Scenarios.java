package com.cordiul.bench.scenario;

import com.cordiul.dialqueue.DialMessage;
import com.cordiul.sandbox.Invocation;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The scenario of each function, sharing what earlier functions created: create-api-key's keys feed the authorizer,
 * list-api-keys and revoke-api-key; create-call's calls feed get-call and list-calls. The dialer and cancel-call
 * each meet a waiting call of their own per invocation ({@link QueuedCalls}); call-status plays Chime's events of
 * the calls the dialer placed through the Chime stand-in. Callers rotate over
 * many owners, as real traffic does, so that the per-owner rate limits at the API edge are not what the bench
 * measures.
 */
public final class Scenarios {

    /** A key create-api-key returned. */
    record Key(String owner, String id, String secret) {
    }

    /** A call create-call returned. */
    record CallRef(String owner, String id) {
    }

    /** A webhook endpoint create-webhook-endpoint returned. */
    record EndpointRef(String owner, String id) {
    }

    private static final int OWNERS = 64;
    private static final int CALLERS = 250;
    private static final int AUTHORIZER_KEYS = 8;
    /** The dialer's owners: a few, as the pacer remembers each owner that dialed in the last two minutes. */
    private static final int DIALING_OWNERS = 4;

    private final ChimeStandIn chime;
    private final QueuedCalls queued;
    private final String runId;
    /** The call each dialer invocation was given, by n, to end it once dialed. */
    private final Map<Integer, String> dialing = new ConcurrentHashMap<>();
    private final List<Key> keys = new CopyOnWriteArrayList<>();
    private final List<CallRef> calls = new CopyOnWriteArrayList<>();
    private final List<EndpointRef> endpoints = new CopyOnWriteArrayList<>();

    public Scenarios(ChimeStandIn chime, DynamoDbClient client, String runId) {
        this.chime = chime;
        this.queued = new QueuedCalls(client);
        this.runId = runId;
    }

    /** The function whose answers a function's events need (seeded first when run alone), if any. */
    public static Optional<String> prerequisite(String function) {
        return switch (function) {
            case "authorizer", "list-api-keys", "revoke-api-key" -> Optional.of("create-api-key");
            case "get-call", "list-calls" -> Optional.of("create-call");
            // Chime's events about calls the dialer placed: the stand-in keeps each dial's transaction and call id.
            case "call-status" -> Optional.of("dialer");
            case "list-webhook-endpoints", "delete-webhook-endpoint", "rotate-webhook-secret",
                    "enable-webhook-endpoint", "list-webhook-deliveries" -> Optional.of("create-webhook-endpoint");
            default -> Optional.empty();
        };
    }

    /** What a request of the function should cost in SDK round trips, as the design says. */
    public static String expectedRoundTrips(String function) {
        return switch (function) {
            case "authorizer" -> "1 GetItem on the hot path (+1 UpdateItem of last_used_at per key per minute)";
            case "list-api-keys", "list-calls" -> "1 Query per page";
            case "create-call" -> "a small fixed number of DynamoDB requests + 1 SQS SendMessage (no Chime request)";
            case "get-call" -> "1 GetItem";
            case "create-api-key", "revoke-api-key" -> "1 conditional write";
            case "call-status" -> "a lookup + 1 conditional write, then the status event's put, send and mark "
                    + "clear (nothing to write for ACTION_SUCCESSFUL)";
            case "dialer" -> "the call's GetItem, the pacer's GetItem and UpdateItem, the claim's UpdateItem, "
                    + "1 Chime request, the queue count's UpdateItem";
            case "cancel-call" -> "1 GetItem + 1 conditional write, then the canceled event's put, send and mark "
                    + "clear, and the queue count's UpdateItem";
            case "stale-call-sweeper" -> "1 Query per open status + 1 conditional write per stale call";
            case "sdk-floor" -> "1 GetItem";
            default -> "";
        };
    }

    /** The scenario of a project function, or empty when the bench has none for it. */
    public Optional<Scenario> forFunction(String function) {
        Scenario scenario = switch (function) {
            case "create-api-key" -> createApiKey();
            // A client reuses its key: 8 keys in turn, so last_used_at is refreshed at most once a minute per key
            // (an UpdateItem) and the hot path is the GetItem alone, as in production.
            case "authorizer" -> n -> Events.authorizer(keys.isEmpty() ? "sk_live_benchUnknownKey0000000000"
                    : pick(keys.subList(0, Math.min(AUTHORIZER_KEYS, keys.size())), n).secret());
            case "list-api-keys" -> n -> {
                String owner = keys.isEmpty() ? owner(n) : pick(keys, n).owner();
                return Events.proxy("GET", "/api/api-keys", "/api/api-keys", Map.of(), Map.of(), Map.of(), null,
                        owner);
            };
            case "revoke-api-key" -> n -> {
                // Never one of the authorizer's keys (the first 8), and a new one each time while keys last.
                Key key = keys.size() <= AUTHORIZER_KEYS ? new Key(owner(n), "key_missing", "")
                        : keys.get(AUTHORIZER_KEYS + Math.floorMod(n, keys.size() - AUTHORIZER_KEYS));
                return Events.proxy("DELETE", "/api/api-keys/{id}", "/api/api-keys/" + key.id(),
                        Map.of("id", key.id()), Map.of(), Map.of(), null, key.owner());
            };
            case "create-call" -> createCall();
            case "get-call" -> n -> {
                CallRef call = calls.isEmpty() ? new CallRef(caller(n), "call_missing") : pick(calls, n);
                return Events.proxy("GET", "/api/calls/{id}", "/api/calls/" + call.id(), Map.of("id", call.id()),
                        Map.of(), Map.of(), null, call.owner());
            };
            case "list-calls" -> n -> Events.proxy("GET", "/api/calls/list", "/api/calls/list", Map.of(),
                    Map.of("limit", "50"), Map.of(), null, calls.isEmpty() ? caller(n) : pick(calls, n).owner());
            case "call-status" -> callStatus();
            case "stale-call-sweeper" -> n -> Events.schedule();
            case "create-webhook-endpoint" -> createWebhookEndpoint();
            case "list-webhook-endpoints" -> n -> Events.proxy("GET", "/api/webhook-endpoints",
                    "/api/webhook-endpoints", Map.of(), Map.of(), Map.of(), null, endpoint(n).owner());
            case "delete-webhook-endpoint" -> endpointRoute("DELETE", "");
            case "rotate-webhook-secret" -> endpointRoute("POST", "/rotate-secret");
            case "enable-webhook-endpoint" -> endpointRoute("POST", "/enable");
            case "list-webhook-deliveries" -> endpointRoute("GET", "/deliveries");
            case "webhook-dispatcher" -> n -> Events.sqs(n, "{\"owner\":\"" + owner(n)
                    + "\",\"event_id\":\"evt_01JN8F0Q2W7R5T3Y9V6X4Z8B1C\"}");
            case "webhook-delivery" -> n -> Events.sqs(n, "{\"endpoint_id\":\"we_01JN8EY5Q3XYAFA9W4H69KSH18\","
                    + "\"event_id\":\"evt_01JN8F0Q2W7R5T3Y9V6X4Z8B1C\"}");
            case "webhook-reconciler" -> n -> Events.schedule();
            case "dialer" -> dialer();
            case "cancel-call" -> n -> {
                String owner = caller(n);
                String id = queued.waiting(owner, n);
                return Events.proxy("POST", "/api/calls/{id}/cancel", "/api/calls/" + id + "/cancel",
                        Map.of("id", id), Map.of(), Map.of(), null, owner);
            };
            default -> null;
        };
        return Optional.ofNullable(scenario);
    }

    /** The baselines' event: a small API-shaped map. */
    public static Scenario baseline() {
        return n -> "{\"n\":" + n + ",\"path\":\"/api/calls/list\",\"httpMethod\":\"GET\",\"body\":null}";
    }

    private Scenario createApiKey() {
        return new Scenario() {
            @Override
            public String event(int n) {
                String body = "{\"name\":\"bench key " + n + "\",\"permissions\":[\"calls:read\",\"calls:write\"]}";
                return Events.proxy("POST", "/api/api-keys", "/api/api-keys", Map.of(), Map.of(), Map.of(), body,
                        owner(n));
            }

            @Override
            public void answered(int n, Invocation invocation) {
                JsonNode data = Outcomes.proxyBody(invocation).path("data");
                if (data.hasNonNull("key") && data.hasNonNull("id")) {
                    keys.add(new Key(owner(n), data.path("id").asText(), data.path("key").asText()));
                }
            }
        };
    }

    private Scenario createWebhookEndpoint() {
        return new Scenario() {
            @Override
            public String event(int n) {
                // An IP literal: registering it resolves nothing (the bench has no network). Ten per owner at most.
                return Events.proxy("POST", "/api/webhook-endpoints", "/api/webhook-endpoints", Map.of(), Map.of(),
                        Map.of(), "{\"url\":\"https://93.184.216.34/hooks/" + n + "\"}", owner(n));
            }

            @Override
            public void answered(int n, Invocation invocation) {
                JsonNode data = Outcomes.proxyBody(invocation).path("data");
                if (data.hasNonNull("id")) {
                    endpoints.add(new EndpointRef(owner(n), data.path("id").asText()));
                }
            }
        };
    }

    private Scenario endpointRoute(String method, String suffix) {
        return n -> {
            EndpointRef endpoint = endpoint(n);
            return Events.proxy(method, "/api/webhook-endpoints/{id}" + suffix, "/api/webhook-endpoints/"
                    + endpoint.id() + suffix, Map.of("id", endpoint.id()), Map.of(), Map.of(), null,
                    endpoint.owner());
        };
    }

    private EndpointRef endpoint(int n) {
        return endpoints.isEmpty() ? new EndpointRef(owner(n), "we_missing") : pick(endpoints, n);
    }

    private Scenario createCall() {
        return new Scenario() {
            @Override
            public String event(int n) {
                String body = String.format("{\"contact_id\":\"contact_%d\",\"phone_number\":\"+1415555%04d\","
                        + "\"from_number\":\"+12065550100\"}", n, n % 10_000);
                return Events.proxy("POST", "/api/calls/create", "/api/calls/create", Map.of(), Map.of(),
                        Map.of("Idempotency-Key", "bench-" + runId + "-" + n), body, caller(n));
            }

            @Override
            public void answered(int n, Invocation invocation) {
                JsonNode data = Outcomes.proxyBody(invocation).path("data");
                if (data.hasNonNull("id")) {
                    calls.add(new CallRef(caller(n), data.path("id").asText()));
                }
            }
        };
    }

    /** A dial message from the dial queue, for a call just queued; once dialed, Chime's HANGUP is played. */
    private Scenario dialer() {
        return new Scenario() {
            @Override
            public String event(int n) {
                String owner = "bench_" + runId + "_dialing_" + Math.floorMod(n, DIALING_OWNERS);
                String id = queued.waiting(owner, n);
                dialing.put(n, id);
                return Events.sqs(n, DialMessage.of(owner, id).toJson());
            }

            @Override
            public void answered(int n, Invocation invocation) {
                String id = dialing.remove(n);
                if (id != null) {
                    queued.ended(id);
                }
            }
        };
    }

    private Scenario callStatus() {
        return new Scenario() {
            @Override
            public String event(int n) {
                return Events.sma(dial(n / Events.CALL_STEPS.size()), n % Events.CALL_STEPS.size(),
                        chime.sipMediaApplicationId());
            }

            @Override
            public String firstEvent(int n) {
                // CALL_ANSWERED of a call far from those the warm run walks through: a lookup and a write.
                return Events.sma(dial(-1 - n), Events.CALL_STEPS.indexOf("CALL_ANSWERED"),
                        chime.sipMediaApplicationId());
            }
        };
    }

    private ChimeStandIn.Dial dial(int index) {
        List<ChimeStandIn.Dial> dials = chime.dials();
        return dials.isEmpty() ? new ChimeStandIn.Dial("tx-missing-" + index, "+12065550100", "+14155550123", Map.of())
                : dials.get(Math.floorMod(index, dials.size()));
    }

    private String owner(int n) {
        return "bench_" + runId + "_owner_" + Math.floorMod(n, OWNERS);
    }

    private String caller(int n) {
        return "bench_" + runId + "_caller_" + Math.floorMod(n, CALLERS);
    }

    private static <T> T pick(List<T> items, int n) {
        return items.get(Math.floorMod(n, items.size()));
    }
}
