package com.cordiul.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cordiul.core.Environment;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.identity.UnauthenticatedException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClerkSessionVerifierTest {

    private static final String ISSUER = "https://clerk.example.test";
    private static KeyPair clerk;
    private static KeyPair stranger;

    @BeforeAll
    static void keys() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        clerk = generator.generateKeyPair();
        stranger = generator.generateKeyPair();
    }

    @Test
    void pemFromTheEnvironment_withEscapedLineBreaks_verifiesSessions() throws JOSEException {
        Map<String, String> env = new HashMap<>();
        env.put("CLERK_ISSUER", ISSUER);
        env.put("CLERK_PUBLIC_KEY_PEM", pem((RSAPublicKey) clerk.getPublic()).replace("\n", "\\n"));
        env.put("CLERK_AUTHORIZED_PARTIES", " https://app.example.test , https://admin.example.test");
        ClerkSessionVerifier verifier = ClerkSessionVerifier.from(Environment.of(env));
        Caller caller = verifier.verify(token(clerk, "kid-1", "https://admin.example.test"));

        assertThat(caller.owner()).isEqualTo("user_42");
        assertThat(caller.keyId()).isEmpty();
        assertThat(caller.permissions()).isEqualTo(Permission.all());
        assertThatThrownBy(() -> verifier.verify(token(clerk, "kid-1", "https://evil.example.test")))
                .isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void noIssuer_disablesSessions() throws JOSEException {
        ClerkSessionVerifier verifier = ClerkSessionVerifier.from(
                Environment.of(Map.of("CLERK_PUBLIC_KEY_PEM", pem((RSAPublicKey) clerk.getPublic()))));
        assertThat(verifier.enabled()).isFalse();
        String valid = token(clerk, "kid-1", null);
        assertThatThrownBy(() -> verifier.verify(valid)).isInstanceOf(UnauthenticatedException.class);
    }

    @Test
    void malformedPem_isADeploymentFault() {
        Environment broken = Environment.of(Map.of("CLERK_ISSUER", ISSUER,
                "CLERK_PUBLIC_KEY_PEM", "-----BEGIN PUBLIC KEY-----x"));
        assertThatThrownBy(() -> ClerkSessionVerifier.from(broken)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void jwks_isFetchedOnce_andItsKeysVerifySessions() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        String jwks = new JWKSet(new RSAKey.Builder((RSAPublicKey) clerk.getPublic()).keyID("kid-1").build())
                .toString();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
            ClerkSessionVerifier verifier = ClerkSessionVerifier.withJwks(ISSUER, url.toURL(), Set.of());

            assertThat(verifier.verify(token(clerk, "kid-1", null)).owner()).isEqualTo("user_42");
            assertThat(verifier.verify(token(clerk, "kid-1", null)).owner()).isEqualTo("user_42");
            assertThat(fetches.get()).isEqualTo(1);

            String forged = token(stranger, "kid-1", null);
            assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(UnauthenticatedException.class);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unreachableJwks_isAFault_notARefusal() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int port = server.getAddress().getPort();
        server.stop(0);
        ClerkSessionVerifier verifier = ClerkSessionVerifier.withJwks(ISSUER,
                URI.create("http://127.0.0.1:" + port + "/jwks").toURL(), Set.of());
        String valid = token(clerk, "kid-1", null);
        assertThatThrownBy(() -> verifier.verify(valid)).isInstanceOf(IllegalStateException.class);
    }

    private static String token(KeyPair keys, String kid, String azp) throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("user_42")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(60)));
        if (azp != null) {
            claims.claim("azp", azp);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims.build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        return jwt.serialize();
    }

    private static String pem(RSAPublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
