package com.cordiul.webhooks.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.core.InvalidRequestException;
import java.net.InetAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlTest {

    private static final WebhookUrlPolicy STRICT = WebhookUrlPolicy.strict();
    private static final WebhookUrlPolicy LOCAL = new WebhookUrlPolicy(true);

    @Test
    void aPublicHttpsUrl_isReadWithItsHostPortAndRequestTarget() {
        WebhookUrl url = WebhookUrl.parse("https://Hooks.Example.com/cordiul/events?token=abc", STRICT);

        assertThat(url.https()).isTrue();
        assertThat(url.host()).isEqualTo("hooks.example.com");
        assertThat(url.port()).isEqualTo(443);
        assertThat(url.hostHeader()).isEqualTo("Hooks.Example.com");
        assertThat(url.requestTarget()).isEqualTo("/cordiul/events?token=abc");
        assertThat(url.literal()).isEmpty();
        assertThat(url.text()).isEqualTo("https://Hooks.Example.com/cordiul/events?token=abc");
        assertThat(url.toString()).doesNotContain("token");
    }

    @Test
    void anExplicitPort_isKeptInTheHostHeader_andAMissingPath_isTheRoot() {
        WebhookUrl url = WebhookUrl.parse("https://hooks.example.com:8443", STRICT);

        assertThat(url.port()).isEqualTo(8443);
        assertThat(url.hostHeader()).isEqualTo("hooks.example.com:8443");
        assertThat(url.requestTarget()).isEqualTo("/");
    }

    @Test
    void aPublicIpLiteral_isAccepted_asTheAddressItIs() throws Exception {
        WebhookUrl v4 = WebhookUrl.parse("https://93.184.216.34/hook", STRICT);
        WebhookUrl v6 = WebhookUrl.parse("https://[2606:2800:220:1:248:1893:25c8:1946]:8443/hook", STRICT);

        assertThat(v4.literal()).contains(InetAddress.getByName("93.184.216.34"));
        assertThat(v6.literal()).contains(InetAddress.getByName("2606:2800:220:1:248:1893:25c8:1946"));
        assertThat(v6.hostHeader()).isEqualTo("[2606:2800:220:1:248:1893:25c8:1946]:8443");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "https://127.0.0.1/", "https://127.1/", "https://2130706433/", "https://0x7f000001/", "https://0177.0.0.1/",
        "https://0x7f.1/", "https://017700000001/", "https://10.0.0.1/", "https://012.0.0.1/", "https://172.16.5.4/",
        "https://192.168.1.1/", "https://0xc0.0xa8.1.1/", "https://3232235777/", "https://169.254.169.254/latest/",
        "https://0xa9fea9fe/", "https://0251.0376.0251.0376/", "https://100.64.0.1/", "https://0.0.0.0/",
        "https://0/", "https://224.0.0.1/", "https://239.255.255.250/", "https://255.255.255.255/",
        "https://240.0.0.1/", "https://192.0.2.10/", "https://198.18.0.1/", "https://[::1]/", "https://[::]/",
        "https://[::ffff:127.0.0.1]/", "https://[::ffff:7f00:1]/", "https://[::ffff:169.254.169.254]/",
        "https://[::ffff:10.0.0.1]/", "https://[64:ff9b::a9fe:a9fe]/", "https://[2002:c0a8:101::1]/",
        "https://[fe80::1]/", "https://[fc00::1]/", "https://[fd00:ec2::254]/", "https://[ff02::1]/",
        "https://[2001:db8::1]/", "https://[2001::1]/", "https://[fec0::1]/", "https://localhost/",
        "https://LOCALHOST./", "https://api.localhost/", "https://127.0.0.1./"
    })
    void aHostThatIsARefusedAddress_isRefusedAsWritten(String url) {
        assertThatThrownBy(() -> WebhookUrl.parse(url, STRICT)).isInstanceOf(AddressNotAllowedException.class)
                .hasMessageContaining("public addresses only")
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).contains("url"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://hooks.example.com/                  | https URL
            ftp://hooks.example.com/                   | https URL
            hooks.example.com/path                     | https URL
            https://user:pass@hooks.example.com/       | user info
            https://user@hooks.example.com/            | user info
            https://hooks.example.com/#part            | fragment
            https:///path                              | host
            https://hooks.example.com:0/               | outside 1-65535
            https://hooks.example.com:65536/           | outside 1-65535
            https://hooks.example.com:/                | empty port
            https://hooks.example.com:12a/             | malformed port
            https://hooks_example.com/                 | not a DNS name
            https://-hooks.example.com/                | not a DNS name
            https://hooks..example.com/                | not a DNS name
            https://1.2.3.4.5/                         | not an IPv4 address
            https://256.1.1.1/                         | not an IPv4 address
            https://0x100000000/                       | not an IPv4 address
            https://1.2.3.08/                          | not an IPv4 address
            https://[::1/                              | not a valid URL
            https://[fe80::1%25eth0]/                  | zone ids
            https://[1::2::3]/                         | not a valid URL
            https://hooks.example.com/a b              | ASCII without spaces
            https://héllo.example.com/                 | ASCII without spaces
            """)
    void aMalformedOrUnadmittedUrl_is400_namingTheRule(String url, String rule) {
        assertThatThrownBy(() -> WebhookUrl.parse(url, STRICT)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(rule)
                .satisfies(e -> assertThat(((InvalidRequestException) e).field()).contains("url"));
    }

    @Test
    void aUrlLongerThanTheLimit_isRefused() {
        String url = "https://hooks.example.com/" + "a".repeat(WebhookUrl.MAX_LENGTH);

        assertThatThrownBy(() -> WebhookUrl.parse(url, STRICT)).hasMessageContaining("at most 2048");
    }

    @Test
    void theLocalForms_areAdmittedOnlyUnderTheLocalPolicy_withAPort_andGoToTheLoopback() {
        WebhookUrl ip = WebhookUrl.parse("http://127.0.0.1:8080/hooks", LOCAL);
        WebhookUrl name = WebhookUrl.parse("http://localhost:9000", LOCAL);

        assertThat(ip.local()).isTrue();
        assertThat(ip.https()).isFalse();
        assertThat(ip.port()).isEqualTo(8080);
        assertThat(name.local()).isTrue();
        assertThat(name.hostHeader()).isEqualTo("localhost:9000");
        assertThatThrownBy(() -> WebhookUrl.parse("http://127.0.0.1:8080/hooks", STRICT))
                .hasMessageContaining("https URL");
        assertThatThrownBy(() -> WebhookUrl.parse("http://127.0.0.1/hooks", LOCAL))
                .hasMessageContaining("http://127.0.0.1:<port>");
        assertThatThrownBy(() -> WebhookUrl.parse("http://10.0.0.1:8080/", LOCAL))
                .hasMessageContaining("http://127.0.0.1:<port>");
        assertThatThrownBy(() -> WebhookUrl.parse("http://2130706433:8080/", LOCAL))
                .hasMessageContaining("http://127.0.0.1:<port>");
        assertThatThrownBy(() -> WebhookUrl.parse("https://127.0.0.1:8443/", LOCAL))
                .isInstanceOf(AddressNotAllowedException.class);
    }

    /** Every spelling of a refused IPv4 address (each part in decimal, octal or hex, parts merged) is refused. */
    @Property(tries = 300)
    void everySpellingOfAPrivateOrLoopbackAddress_isRefused(@ForAll("refusedAddresses") int address,
                                                             @ForAll("spellings") Spelling spelling) {
        String host = spelling.spell(address);

        assertThatThrownBy(() -> WebhookUrl.parse("https://" + host + "/", STRICT))
                .as(host).isInstanceOf(AddressNotAllowedException.class);
    }

    /** And every spelling of a public address reads back as that address. */
    @Property(tries = 300)
    void everySpellingOfAPublicAddress_readsAsThatAddress(@ForAll("publicAddresses") int address,
                                                          @ForAll("spellings") Spelling spelling) {
        String host = spelling.spell(address);

        WebhookUrl url = WebhookUrl.parse("https://" + host + "/", STRICT);

        assertThat(url.host()).as(host).isEqualTo(Ipv4Literal.format(address));
    }

    @Property(tries = 200)
    void aNumberPastItsPartsRange_isNeverAnAddress(@ForAll @IntRange(min = 1, max = 3) int parts,
                                                   @ForAll @IntRange(min = 256, max = 100_000) int big) {
        String host = "1.".repeat(parts) + "0".repeat(0) + (parts == 3 ? big : (long) big << 40);

        assertThat(Ipv4Literal.parse(host)).isEmpty();
    }

    @Provide
    Arbitrary<Integer> refusedAddresses() {
        return Arbitraries.oneOf(block(0x7F000000, 8), block(0x0A000000, 8), block(0xAC100000, 12),
                block(0xC0A80000, 16), block(0xA9FE0000, 16), block(0x00000000, 8), block(0xE0000000, 4),
                block(0x64400000, 10));
    }

    @Provide
    Arbitrary<Integer> publicAddresses() {
        // 1.0.0.0-9.255.255.255 and 11.0.0.0-99.255.255.255: public unicast, nothing special in them.
        return Arbitraries.oneOf(Arbitraries.integers().between(0x01000000, 0x09FFFFFF),
                Arbitraries.integers().between(0x0B000000, 0x63FFFFFF));
    }

    @Provide
    Arbitrary<Spelling> spellings() {
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(0, 2))
                .as(Spelling::new);
    }

    private static Arbitrary<Integer> block(int network, int prefix) {
        int size = 1 << (32 - prefix);
        return Arbitraries.integers().between(0, size - 1).map(offset -> network + offset);
    }

    /** An address written in {@code parts} numbers, each in one base: 0 decimal, 1 octal, 2 hexadecimal. */
    record Spelling(int parts, int base) {
        String spell(int address) {
            long value = address & 0xFFFFFFFFL;
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < parts - 1; i++) {
                long part = value >>> (24 - 8 * i) & 0xFF;
                out.append(number(part)).append('.');
            }
            int lastBits = 8 * (5 - parts);
            long last = lastBits >= 32 ? value : value & ((1L << lastBits) - 1);
            return out.append(number(last)).toString();
        }

        private String number(long value) {
            return switch (base) {
                case 1 -> "0" + Long.toOctalString(value);
                case 2 -> "0x" + Long.toHexString(value);
                default -> Long.toString(value);
            };
        }
    }
}
