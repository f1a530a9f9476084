package com.cordiul.webhooks.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressGuardTest {

    private static final WebhookUrlPolicy STRICT = WebhookUrlPolicy.strict();

    @Test
    void aNameResolvingToPublicAddresses_givesThemAll_inTheResolversOrder() throws Exception {
        WebhookAddressGuard guard = guard(Map.of("hooks.example.com", List.of("93.184.216.34", "2606:2800::1")));

        List<InetAddress> addresses = guard.addresses(WebhookUrl.parse("https://hooks.example.com/", STRICT));

        assertThat(addresses).containsExactly(InetAddress.getByName("93.184.216.34"),
                InetAddress.getByName("2606:2800::1"));
    }

    @Test
    void aNameResolvingToAnyRefusedAddress_isRefused_evenBesidePublicOnes() {
        WebhookAddressGuard guard = guard(Map.of(
                "metadata.example.com", List.of("169.254.169.254"),
                "mixed.example.com", List.of("93.184.216.34", "10.1.2.3"),
                "mapped.example.com", List.of("::ffff:127.0.0.1"),
                "ula.example.com", List.of("fd00:ec2::254")));

        for (String host : List.of("metadata.example.com", "mixed.example.com", "mapped.example.com",
                "ula.example.com")) {
            assertThatThrownBy(() -> guard.addresses(WebhookUrl.parse("https://" + host + "/", STRICT)))
                    .as(host).isInstanceOf(AddressNotAllowedException.class)
                    .hasMessageContaining(host).hasMessageContaining("public addresses only");
        }
    }

    @Test
    void aNameWithoutAddress_isUnresolvable() {
        WebhookAddressGuard guard = guard(Map.of());

        assertThatThrownBy(() -> guard.addresses(WebhookUrl.parse("https://nowhere.example.com/", STRICT)))
                .isInstanceOf(UnresolvableHostException.class).hasMessageContaining("does not resolve");
    }

    @Test
    void literalsAndTheLocalForms_areNeverLookedUp() throws Exception {
        WebhookAddressGuard guard = new WebhookAddressGuard(host -> {
            throw new AssertionError("looked up " + host);
        });

        assertThat(guard.addresses(WebhookUrl.parse("https://93.184.216.34/", STRICT)))
                .containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThat(guard.addresses(WebhookUrl.parse("http://localhost:9000/", new WebhookUrlPolicy(true))))
                .containsExactly(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void addressRules_refuseEveryRangeTheIssueNames_andAdmitPublicUnicast() throws Exception {
        for (String refused : List.of("127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254",
                "224.0.0.251", "0.0.0.0", "::", "::1", "fe80::1", "ff05::2", "fc00::1", "::ffff:192.168.1.1")) {
            assertThat(AddressRules.refusal(InetAddress.getByName(refused))).as(refused).isPresent();
        }
        for (String allowed : List.of("8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:4700::6810:84e5",
                "::ffff:8.8.8.8", "64:ff9b::808:808")) {
            assertThat(AddressRules.refusal(InetAddress.getByName(allowed))).as(allowed).isEmpty();
        }
    }

    static WebhookAddressGuard guard(Map<String, List<String>> table) {
        return new WebhookAddressGuard(host -> {
            List<String> addresses = table.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            return addresses.stream().map(AddressGuardTest::literal).toList();
        });
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
