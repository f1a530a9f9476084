package com.cordiul.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.webhooks.WebhookSecret;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private static final WebhookSecret SECRETS = new WebhookSecret(new SecureRandom());

    @Test
    void aSecret_isWhsecAndBase64OfThirtyTwoRandomBytes() {
        String secret = SECRETS.generate();

        assertThat(secret).startsWith("whsec_");
        assertThat(WebhookSecret.key(secret)).hasSize(32);
        assertThat(SECRETS.generate()).isNotEqualTo(secret);
    }

    @Test
    void aDelivery_verifiesWithTheStandardWebhooksLibrary() throws Exception {
        String secret = SECRETS.generate();
        String body = "{\"id\":\"evt_1\",\"data\":{\"call\":{\"message\":\"caf\u00e9 \u2615\"}}}";
        long now = Instant.now().getEpochSecond();

        Map<String, String> headers = WebhookSigner.headers("evt_1", now, body, List.of(secret));

        new Webhook(secret).verify(body, asLists(headers));
        assertThat(headers).containsEntry("Content-Type", "application/json").containsEntry("webhook-id", "evt_1")
                .containsEntry("webhook-timestamp", Long.toString(now));
        assertThat(headers.get("User-Agent")).contains("Cordiul");
        assertThat(headers.get("webhook-signature")).isEqualTo(new Webhook(secret).sign("evt_1", now, body));
    }

    @Test
    void twoSecrets_signSpaceSeparated_andEitherVerifies() throws Exception {
        String fresh = SECRETS.generate();
        String old = SECRETS.generate();
        String body = "{\"id\":\"evt_2\"}";
        long now = Instant.now().getEpochSecond();

        Map<String, String> headers = WebhookSigner.headers("evt_2", now, body, List.of(fresh, old));

        assertThat(headers.get("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        new Webhook(fresh).verify(body, asLists(headers));
        new Webhook(old).verify(body, asLists(headers));
        assertThatThrownBy(() -> new Webhook(SECRETS.generate()).verify(body, asLists(headers)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void aChangedBody_doesNotVerify() {
        String secret = SECRETS.generate();
        long now = Instant.now().getEpochSecond();
        Map<String, String> headers = WebhookSigner.headers("evt_3", now, "{\"a\":1}", List.of(secret));

        assertThatThrownBy(() -> new Webhook(secret).verify("{\"a\":2}", asLists(headers)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    private static Map<String, List<String>> asLists(Map<String, String> headers) {
        return headers.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    }
}
