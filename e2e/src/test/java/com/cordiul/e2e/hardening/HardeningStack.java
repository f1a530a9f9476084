package com.cordiul.e2e.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.identity.Permission;
import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.CreatedApiKey;
import com.cordiul.keys.NewApiKey;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.runner.LocalCloud;
import com.cordiul.local.runner.LocalOptions;
import com.cordiul.local.voice.AcceptedDial;
import com.cordiul.local.voice.ChimeQuotas;
import com.cordiul.local.voice.playout.PlayoutTiming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole local cloud (voice simulator, stack, playout) over real HTTP, as one test class needs it: the
 * template's parameters overridden, keys bootstrapped directly in the store as an operator does, an HTTP client
 * and a store snapshot. The caller closes it.
 */
final class HardeningStack implements AutoCloseable {

    /** The caller number every call is placed from; part of the simulator's inventory. */
    static final String FROM_NUMBER = "+12025550199";
    static final String KEYS_TABLE = "ApiKeysTable";

    private final LocalCloud cloud;
    private final DynamoDbClient dynamoDb;
    private final Http http;

    private HardeningStack(LocalCloud cloud) {
        this.cloud = cloud;
        this.dynamoDb = cloud.stack().dynamoDb();
        this.http = new Http(URI.create(cloud.stack().url() + "/api"));
    }

    /** A builder over the repository's template with {@code DefaultFromNumber} set, as {@code ./dev} runs it. */
    static Builder builder() {
        return new Builder();
    }

    /** What differs from the defaults. */
    static final class Builder {
        private final Map<String, String> parameters = new LinkedHashMap<>(Map.of("DefaultFromNumber", FROM_NUMBER));
        private URI dynamoEndpoint;
        private int threads = 4;
        private PlayoutTiming timing = PlayoutTiming.scaled(0.01)
                .withInvocationLimits(Duration.ofSeconds(5), Duration.ofSeconds(20));

        Builder parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        /** Generous limits, for suites that are not about rate limiting. */
        Builder highRateLimits() {
            return parameter("RateLimitRequestsPerMinute", "1000000").parameter("RateLimitCallsPerSecond", "100000")
                    .parameter("RateLimitCallsPerMinute", "1000000");
        }

        /**
         * How many requests the local gateway serves at once (each busy function starts another instance, a few
         * seconds of class loading each on a small machine); more wait in its queue, as behind a concurrency limit.
         */
        Builder threads(int value) {
            this.threads = value;
            return this;
        }

        Builder dynamoEndpoint(URI endpoint) {
            this.dynamoEndpoint = endpoint;
            return this;
        }

        HardeningStack start() {
            Path root = RepositoryRoot.find();
            LocalOptions options = LocalOptions.defaults(root.resolve("template.yaml"));
            try {
                options = options.withWorkDir(Files.createDirectories(root.resolve("e2e/target/hardening-work")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Chime's quotas are counted, not enforced (below): the dialer paces itself well above these bursts.
            options = options.withParameter("ChimeCallsPerSecond", "40").withParameter("ChimeMaxActiveCalls", "1000");
            for (Map.Entry<String, String> p : parameters.entrySet()) {
                options = options.withParameter(p.getKey(), p.getValue());
            }
            if (dynamoEndpoint != null) {
                options = options.withDynamoEndpoint(dynamoEndpoint);
            }
            options = new LocalOptions(options.template(), options.port(), options.dynamoDataDir(),
                    options.dynamoPort(), options.dynamoEndpoint(), options.chimeEndpoint(),
                    options.parameterOverrides(), options.workDir(), threads, options.initTimeout())
                    // The suites run the sweeper themselves, when their calls are ready for it.
                    .withSchedules(false);
            LogCapture.install();
            // The hardening suites fault the store and Chime on purpose and place calls in bursts: Chime's quotas
            // (1 dial per second, 10 at once) are counted, not enforced, so that only the faults under test refuse.
            return new HardeningStack(LocalCloud.start(options, timing, ChimeQuotas.off()));
        }
    }

    LocalCloud cloud() {
        return cloud;
    }

    Http http() {
        return http;
    }

    DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** A key stored directly in the table through the layer's key service, as the operator bootstrap does. */
    CreatedApiKey issueKey(String owner, Permission... permissions) {
        Set<Permission> granted = permissions.length == 0 ? Permission.all() : EnumSet.copyOf(List.of(permissions));
        CreatedApiKey created = ApiKeyService.over(dynamoDb, KEYS_TABLE)
                .issue(owner, new NewApiKey("hardening " + owner, granted));
        LogCapture.secret(created.key());
        return created;
    }

    /** Every table the template declares, as canonical JSON. */
    StoreSnapshot snapshot() {
        return StoreSnapshot.take(dynamoDb);
    }

    /** Waits until no call of any suite is still being played out, so that only the test at hand changes the store. */
    void awaitPlayoutsFinished() {
        for (AcceptedDial dial : cloud.voice().accepted()) {
            try {
                assertThat(cloud.playout().awaitFinished(dial.transactionId(), Duration.ofSeconds(60)))
                        .as("playout of %s finished", dial.transactionId()).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Starts an instance of the call-status function before any call depends on it: on a small machine a burst of
     * cold instances can outlast Chime's 5 s wait for an event's answer, and the playout then rightly hangs up.
     * The event names no known call, so it records nothing and is answered with no actions.
     */
    void warmUpCallStatus() {
        String unknownCall = sampleEvent("call-status-new-outbound-call.json")
                .replace("call_01JD0000000000000000000000", "call_warm_up_unknown");
        assertThat(cloud.stack().invokeFunction(LocalCloud.CALL_STATUS_FUNCTION, unknownCall))
                .contains("\"Actions\":[]");
    }

    /** A sample event of {@code events/}. */
    static String sampleEvent(String name) {
        try {
            return Files.readString(RepositoryRoot.find().resolve("events").resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        dynamoDb.close();
        cloud.close();
    }
}
