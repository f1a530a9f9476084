package com.cordiul.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.core.SortableId;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.identity.PermissionDeniedException;
import com.cordiul.logging.Log;
import com.cordiul.testing.MutableClock;
import com.cordiul.testing.TemplateStore;
import com.cordiul.webhooks.url.AddressNotAllowedException;
import com.cordiul.webhooks.url.UnresolvableHostException;
import com.cordiul.webhooks.url.WebhookAddressGuard;
import com.cordiul.webhooks.url.WebhookUrlPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

// It captures the layer's Log, which every class of this JVM writes to: it runs alone.
@Isolated
class WebhookEndpointServiceTest {

    @RegisterExtension
    static final TemplateStore STORE = new TemplateStore();

    private static final Caller ALICE = new Caller("user_alice", Optional.empty(), Permission.all());
    private static final Caller BOB = new Caller("user_bob", Optional.empty(), Permission.all());
    private static final WebhookUrlPolicy POLICY = WebhookUrlPolicy.strict();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    private final AtomicInteger lookups = new AtomicInteger();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private WebhookEndpointService service;
    private WebhookEndpointStore store;

    @BeforeEach
    void setUp() {
        store = new WebhookEndpointStore(STORE.client(), "WebhookEndpointsTable");
        WebhookAddressGuard guard = new WebhookAddressGuard(host -> {
            lookups.incrementAndGet();
            return switch (host) {
                case "hooks.example.com" -> List.of(InetAddress.getByName("93.184.216.34"));
                case "internal.example.com" -> List.of(InetAddress.getByName("10.0.0.7"));
                default -> throw new UnknownHostException(host);
            };
        });
        service = new WebhookEndpointService(store, guard, WebhookSecret.secure(), SortableId.system(), clock);
        Log.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLogs() {
        Log.redirect(System.out);
    }

    @Test
    void create_answersTheEndpointWithItsSecretOnce_andListsItWithoutTheSecret() {
        CreatedWebhookEndpoint created = service.create(ALICE, body("https://hooks.example.com/cordiul",
                List.of("call.completed", "call.queued"), "Billing hooks"));

        assertThat(created.id()).startsWith("we_");
        assertThat(created.secret()).startsWith("whsec_");
        assertThat(WebhookSecret.key(created.secret())).hasSizeGreaterThanOrEqualTo(24);
        assertThat(created.events()).containsExactly("call.queued", "call.completed");
        assertThat(created.description()).isEqualTo("Billing hooks");
        assertThat(created.createdAt()).isEqualTo("2026-03-01T09:00:00.000Z");
        List<WebhookEndpointView> listed = service.list(ALICE);
        assertThat(listed).singleElement().satisfies(view -> {
            assertThat(view.id()).isEqualTo(created.id());
            assertThat(view.status()).isEqualTo("enabled");
            assertThat(view.disabledReason()).isNull();
            assertThat(com.cordiul.core.Json.write(view)).doesNotContain("whsec_").doesNotContain("secret");
        });
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains(created.id()).doesNotContain(created.secret())
                .doesNotContain("hooks.example.com/cordiul");
        assertThat(created.toString()).doesNotContain(created.secret());
    }

    @Test
    void withoutEvents_anEndpointGetsEveryType() {
        CreatedWebhookEndpoint created = service.create(ALICE, body("https://hooks.example.com/", null, null));

        assertThat(created.events()).containsExactlyElementsOf(WebhookEventTypes.ALL);
        assertThat(created.description()).isNull();
        assertThat(store.find("user_alice", created.id()).get().events()).isEmpty();
    }

    @Test
    void aHostResolvingToAPrivateAddress_orToNothing_isRefused_andNothingIsStored() {
        assertThatThrownBy(() -> service.create(ALICE, body("https://internal.example.com/", null, null)))
                .isInstanceOf(AddressNotAllowedException.class).hasMessageContaining("a private address");
        assertThatThrownBy(() -> service.create(ALICE, body("https://nowhere.example.com/", null, null)))
                .isInstanceOf(UnresolvableHostException.class);
        assertThatThrownBy(() -> service.create(ALICE, body("https://10.0.0.1/", null, null)))
                .isInstanceOf(AddressNotAllowedException.class);
        assertThat(service.list(ALICE)).isEmpty();
    }

    @Test
    void anOwnerHasAtMostTenEndpoints_evenWhenRegisteringConcurrently() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                tasks.add(() -> {
                    try {
                        service.create(ALICE, body("https://hooks.example.com/", null, null));
                        return true;
                    } catch (WebhookEndpointLimitException e) {
                        return false;
                    }
                });
            }
            int created = 0;
            for (Future<Boolean> result : threads.invokeAll(tasks)) {
                created += result.get() ? 1 : 0;
            }
            assertThat(created).isEqualTo(WebhookEndpointService.MAX_PER_OWNER);
        } finally {
            threads.shutdownNow();
        }
        assertThat(service.list(ALICE)).hasSize(10);
        assertThatThrownBy(() -> service.create(ALICE, body("https://hooks.example.com/", null, null)))
                .isInstanceOf(WebhookEndpointLimitException.class).hasMessageContaining("at most 10");
        assertThat(service.create(BOB, body("https://hooks.example.com/", null, null)).id()).startsWith("we_");

        service.delete(ALICE, service.list(ALICE).get(3).id());
        assertThat(service.create(ALICE, body("https://hooks.example.com/", null, null)).id()).startsWith("we_");
    }

    @Test
    void anotherOwnersEndpoint_isNotFound_forEveryOperation() {
        String id = service.create(ALICE, body("https://hooks.example.com/", null, null)).id();

        for (Runnable operation : List.<Runnable>of(() -> service.delete(BOB, id), () -> service.rotateSecret(BOB, id),
                () -> service.enable(BOB, id), () -> service.get(BOB, id))) {
            assertThatThrownBy(operation::run).isInstanceOf(WebhookEndpointNotFoundException.class);
        }
        assertThatThrownBy(() -> service.delete(ALICE, "we_notAnId")).isInstanceOf(
                WebhookEndpointNotFoundException.class);
        assertThat(service.list(ALICE)).hasSize(1);
        assertThat(service.list(BOB)).isEmpty();
    }

    @Test
    void delete_removesTheEndpoint_andASecondDeleteIsNotFound() {
        String id = service.create(ALICE, body("https://hooks.example.com/", null, null)).id();

        WebhookEndpointView deleted = service.delete(ALICE, id);

        assertThat(deleted.id()).isEqualTo(id);
        assertThat(service.list(ALICE)).isEmpty();
        assertThatThrownBy(() -> service.delete(ALICE, id)).isInstanceOf(WebhookEndpointNotFoundException.class);
    }

    @Test
    void rotate_keepsTheOldSecretSigningFor24Hours_andASecondRotationEndsTheFirstOverlap() {
        CreatedWebhookEndpoint created = service.create(ALICE, body("https://hooks.example.com/", null, null));

        String second = service.rotateSecret(ALICE, created.id()).secret();

        WebhookEndpoint stored = store.find("user_alice", created.id()).orElseThrow();
        assertThat(stored.signingSecrets(clock.instant())).containsExactly(second, created.secret());
        assertThat(stored.signingSecrets(clock.instant().plus(Duration.ofHours(24)).minusSeconds(1)))
                .containsExactly(second, created.secret());
        assertThat(stored.signingSecrets(clock.instant().plus(Duration.ofHours(24)))).containsExactly(second);

        clock.advance(Duration.ofHours(1));
        String third = service.rotateSecret(ALICE, created.id()).secret();
        assertThat(store.find("user_alice", created.id()).get().signingSecrets(clock.instant()))
                .containsExactly(third, second);
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(second).doesNotContain(third);
    }

    @Test
    void enable_enablesADisabledEndpoint_andForgetsItsFailures() {
        String id = service.create(ALICE, body("https://hooks.example.com/", null, null)).id();
        WebhookEndpoint stored = store.find("user_alice", id).orElseThrow();
        store.releaseFailed(stored, "evt_x", clock.instant(), clock.instant().plusSeconds(60));
        store.disable(stored, "The endpoint answered 410 Gone.", clock.instant());
        assertThat(service.list(ALICE).get(0).status()).isEqualTo("disabled");
        assertThat(service.list(ALICE).get(0).disabledReason()).isEqualTo("The endpoint answered 410 Gone.");

        WebhookEndpointView enabled = service.enable(ALICE, id);

        assertThat(enabled.status()).isEqualTo("enabled");
        assertThat(enabled.disabledReason()).isNull();
        assertThat(store.find("user_alice", id).get().health()).isEqualTo(EndpointHealth.healthy());
    }

    @Test
    void aKeyWithoutTheWebhooksPermissions_canNeitherReadNorWrite_andASessionHoldsBoth() {
        Caller oldKey = new Caller("user_alice", Optional.of("key_1"), EnumSet.of(Permission.CALLS_READ,
                Permission.CALLS_WRITE, Permission.API_KEYS_READ, Permission.API_KEYS_WRITE));
        Caller reader = new Caller("user_alice", Optional.of("key_2"), EnumSet.of(Permission.WEBHOOKS_READ));

        assertThatThrownBy(() -> service.list(oldKey)).isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("webhooks:read");
        assertThatThrownBy(() -> service.create(oldKey, body("https://hooks.example.com/", null, null)))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("webhooks:write");
        assertThatThrownBy(() -> service.create(reader, body("https://hooks.example.com/", null, null)))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(service.list(reader)).isEmpty();
        assertThat(Permission.all()).contains(Permission.WEBHOOKS_READ, Permission.WEBHOOKS_WRITE);
        assertThat(Permission.decode("calls:read calls:write api_keys:read api_keys:write"))
                .doesNotContain(Permission.WEBHOOKS_READ, Permission.WEBHOOKS_WRITE);
        assertThat(lookups.get()).isZero();
    }

    @Test
    void aBadBody_isRefusedNamingTheField() {
        assertThatThrownBy(() -> NewWebhookEndpoint.fromJson(Map.of("url", "https://hooks.example.com/",
                "events", List.of("call.answered")), POLICY)).hasMessageContaining("Unknown event type 'call.answered'")
                .hasMessageContaining("call.in_progress");
        assertThatThrownBy(() -> NewWebhookEndpoint.fromJson(Map.of("url", "https://hooks.example.com/",
                "events", List.of()), POLICY)).hasMessageContaining("at least one event type");
        assertThatThrownBy(() -> NewWebhookEndpoint.fromJson(Map.of("url", "https://hooks.example.com/",
                "secret", "whsec_x"), POLICY)).hasMessageContaining("Unknown field 'secret'");
        assertThatThrownBy(() -> NewWebhookEndpoint.fromJson(Map.of("url", 42), POLICY))
                .hasMessageContaining("must be a string");
        assertThatThrownBy(() -> NewWebhookEndpoint.fromJson(Map.of("url", "https://hooks.example.com/",
                "description", "a\u202eb"), POLICY)).hasMessageContaining("U+202E");
        assertThatThrownBy(() -> NewWebhookEndpoint.fromJson(Map.of(), POLICY)).hasMessageContaining("required");
    }

    private static NewWebhookEndpoint body(String url, List<String> events, String description) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("url", url);
        if (events != null) {
            body.put("events", events);
        }
        if (description != null) {
            body.put("description", description);
        }
        return NewWebhookEndpoint.fromJson(body, POLICY);
    }
}
