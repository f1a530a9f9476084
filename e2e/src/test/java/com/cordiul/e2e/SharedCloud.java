package com.cordiul.e2e;

import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.NewApiKey;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.runner.LocalCloud;
import com.cordiul.local.runner.LocalOptions;
import com.cordiul.local.voice.AcceptedDial;
import com.cordiul.local.voice.ChimeQuotas;
import com.cordiul.local.voice.playout.PlayoutTiming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One local cloud (voice simulator, API stack over dynalite, call playout) for every end-to-end test class of this
 * JVM: started on first use, stopped when the JVM exits. Test classes stay apart by using owners of their own.
 */
final class SharedCloud {

    /** The caller number the stack is configured with, as {@code ./dev} sets it. */
    static final String DEFAULT_FROM_NUMBER = "+12025550199";
    /** The sweeper's limit for initiating calls, small so a never-confirmed call can be swept in a test. */
    static final int STALE_INITIATING_SECONDS = 1;
    /**
     * Calls play 200 times faster than Chime's pace; Chime's invocation limits stay in real time (and generous), so
     * that a cold function on a loaded machine is not mistaken for a dead one.
     */
    static final PlayoutTiming TIMING = PlayoutTiming.scaled(0.005)
            .withInvocationLimits(Duration.ofSeconds(10), Duration.ofSeconds(40));

    /** The dialer's pace in these suites: fast, since the simulator enforces no quota here. */
    static final int DIALS_PER_SECOND = 40;

    /** Requests the local API Gateway serves at once. */
    static final int GATEWAY_THREADS = 6;
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(30);

    private static SharedCloud instance;

    private final LocalCloud cloud;
    private final DynamoDbClient dynamoDb;
    private final ContractHttp api;
    private final Set<String> keysHandedOut = ConcurrentHashMap.newKeySet();

    private SharedCloud(LocalCloud cloud) {
        this.cloud = cloud;
        this.dynamoDb = cloud.stack().dynamoDb();
        this.api = new ContractHttp(cloud.stack().url(), OpenApiContract.load(), keysHandedOut::add);
    }

    /** The running cloud, started on first call. */
    static synchronized SharedCloud get() {
        if (instance == null) {
            ProcessOutput.install();
            Path work;
            try {
                work = Files.createTempDirectory("cordiul-e2e");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LocalOptions defaults = LocalOptions.defaults(RepositoryRoot.find().resolve("template.yaml"))
                    .withPort(0)
                    .withDynamoDataDir(null)
                    .withWorkDir(work)
                    .withParameter("DefaultFromNumber", DEFAULT_FROM_NUMBER)
                    // As ./dev: the webhook suites' receivers are on this machine.
                    .withParameter("WebhookAllowLocalhost", "true")
                    .withParameter("StaleInitiatingSeconds", Integer.toString(STALE_INITIATING_SECONDS))
                    // These suites test behaviour, not limits (the hardening suite does): no 429 in their way.
                    .withParameter("RateLimitRequestsPerMinute", "1000000")
                    .withParameter("RateLimitCallsPerSecond", "1000000")
                    .withParameter("RateLimitCallsPerMinute", "1000000")
                    // Nor Chime's quotas (below): the dialer paces itself well above the calls these suites place.
                    .withParameter("ChimeCallsPerSecond", Integer.toString(DIALS_PER_SECOND))
                    .withParameter("ChimeMaxActiveCalls", "1000");
            // Each function instance cold-starts in a class loader of its own: a handful of requests at once and
            // a generous init limit keep a two-core CI machine from timing out a burst of cold starts.
            LocalOptions options = new LocalOptions(defaults.template(), defaults.port(), defaults.dynamoDataDir(),
                    defaults.dynamoPort(), defaults.dynamoEndpoint(), defaults.chimeEndpoint(),
                    defaults.parameterOverrides(), defaults.workDir(), GATEWAY_THREADS, INIT_TIMEOUT)
                    // The suites run the sweeper themselves when a test is ready for it (its limit here is 1 s):
                    // its own schedule firing in the middle of another test would fail that test's calls.
                    .withSchedules(false);
            // Like the rate limits: these suites test behaviour and place calls faster than Chime's quotas allow
            // (1 dial per second, 10 at once), so the simulator counts but refuses nothing; the load test enforces.
            SharedCloud started = new SharedCloud(LocalCloud.start(options, TIMING, ChimeQuotas.off()));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "e2e-cloud-shutdown"));
            instance = started;
        }
        return instance;
    }

    /** The API, every response checked against openapi.yaml. */
    ContractHttp api() {
        return api;
    }

    /** The simulator, stack and playout. */
    LocalCloud cloud() {
        return cloud;
    }

    /** A DynamoDB client on the stack's store (for bootstrapping and inspecting, never on a request path). */
    DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** A fresh owner (account) name, so that test classes and tests never see each other's data. */
    static String newOwner(String label) {
        return "e2e-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Stores a key for the owner directly in the table, as the operator's bootstrap does, and returns it. */
    String issueKey(String owner, String... permissions) {
        String table = cloud.stack().environment("CreateApiKeyFunction").get("API_KEYS_TABLE");
        String key = ApiKeyService.over(dynamoDb, table)
                .issue(owner, NewApiKey.of("e2e bootstrap", List.of(permissions)))
                .key();
        keysHandedOut.add(key);
        return key;
    }

    /** Every key handed out so far, by the bootstrap or by the API. */
    Set<String> keysHandedOut() {
        return Set.copyOf(keysHandedOut);
    }

    /** The dial the simulator accepted for a call, once the dialer has placed it (it dials from the queue). */
    AcceptedDial awaitDial(String callId) {
        return Deadline.await("the dial of " + callId, () -> dialOf(callId), Optional::isPresent).orElseThrow();
    }

    /** The dial the simulator accepted for a call, found by the call id the dialer sent in ArgumentsMap. */
    Optional<AcceptedDial> dialOf(String callId) {
        return cloud.voice().accepted().stream().filter(d -> callId.equals(d.arguments().get("call_id")))
                .findFirst();
    }

    private void close() {
        dynamoDb.close();
        cloud.close();
    }
}
