package com.cordiul.e2e.hardening;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * Clerk-shaped session tokens from an RSA key pair made for the test run: the stack trusts its public key (the
 * {@code ClerkPublicKeyPem} parameter), so the tests can mint valid tokens and every kind of forgery.
 */
final class Sessions {

    static final String ISSUER = "https://clerk.hardening.example";

    private static final KeyPair TRUSTED = rsa();
    private static final KeyPair STRANGER = rsa();

    private Sessions() {
    }

    /** The trusted public key as PEM, for the stack's parameter. */
    static String publicKeyPem() {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(TRUSTED.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----";
    }

    static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(10))).expirationTime(Date.from(now.plusSeconds(600)));
    }

    /** A token the stack accepts. */
    static String valid(String subject) {
        return signed(claims(subject).build());
    }

    /** Signed RS256 by the trusted key. */
    static String signed(JWTClaimsSet claims) {
        return rs256(claims, (RSAPrivateKey) TRUSTED.getPrivate());
    }

    /** Signed RS256 by a key the stack does not know. */
    static String signedByStranger(JWTClaimsSet claims) {
        return rs256(claims, (RSAPrivateKey) STRANGER.getPrivate());
    }

    /** {@code alg: none}, no signature. */
    static String unsigned(JWTClaimsSet claims) {
        return remember(new PlainJWT(claims).serialize());
    }

    /** HS256 keyed with the trusted public key's bytes: the classic algorithm-confusion forgery. */
    static String hs256WithPublicKey(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            byte[] secret = publicKeyPem().getBytes(StandardCharsets.US_ASCII);
            jwt.sign(new MACSigner(secret));
            return remember(jwt.serialize());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rs256(JWTClaimsSet claims, RSAPrivateKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("hardening").build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return remember(jwt.serialize());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String remember(String token) {
        LogCapture.secret(token);
        return token;
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
