package com.cordiul.auth;

import com.cordiul.core.Environment;
import com.cordiul.identity.Caller;
import com.cordiul.identity.Permission;
import com.cordiul.identity.UnauthenticatedException;
import com.cordiul.logging.Log;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies Clerk session tokens: RS256 only (so {@code alg: none} and HMAC tokens are refused whatever key they
 * name), signed by the configured public key or a key of the configured JWKS, issued by the configured issuer,
 * within {@code exp}/{@code nbf} give or take {@value #CLOCK_SKEW_SECONDS} s, and, when authorized parties are
 * configured, for one of them ({@code azp}). A verified session acts for its subject and holds every permission.
 */
public final class ClerkSessionVerifier {

    /** Tolerated clock difference between Clerk and Lambda. */
    public static final int CLOCK_SKEW_SECONDS = 5;

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Set<String> authorizedParties;

    private ClerkSessionVerifier(DefaultJWTProcessor<SecurityContext> processor, Set<String> authorizedParties) {
        this.processor = processor;
        this.authorizedParties = Set.copyOf(authorizedParties);
    }

    /** A verifier that refuses every session (no issuer configured). */
    public static ClerkSessionVerifier disabled() {
        return new ClerkSessionVerifier(null, Set.of());
    }

    /** Sessions signed by this key (Clerk's "PEM public key", networkless). */
    public static ClerkSessionVerifier withPublicKey(String issuer, RSAPublicKey key, Set<String> authorizedParties) {
        return new ClerkSessionVerifier(processor(issuer, new SingleKeyJWSKeySelector<>(JWSAlgorithm.RS256, key)),
                authorizedParties);
    }

    /** Sessions signed by a key of this JWKS, fetched on first use and cached (refreshed on an unknown kid). */
    public static ClerkSessionVerifier withJwks(String issuer, URL jwksUrl, Set<String> authorizedParties) {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUrl).build();
        return new ClerkSessionVerifier(processor(issuer, new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys)),
                authorizedParties);
    }

    /**
     * The verifier the environment configures: {@code CLERK_ISSUER} (empty disables sessions), then
     * {@code CLERK_PUBLIC_KEY_PEM} or else {@code CLERK_JWKS_URL}, and {@code CLERK_AUTHORIZED_PARTIES}.
     */
    public static ClerkSessionVerifier fromEnvironment() {
        return from(Environment.process());
    }

    /** The verifier these variables configure (see {@link #fromEnvironment}). */
    public static ClerkSessionVerifier from(Environment environment) {
        Optional<String> issuer = environment.value("CLERK_ISSUER").map(String::strip);
        if (issuer.isEmpty()) {
            return disabled();
        }
        Set<String> parties = Arrays.stream(environment.valueOr("CLERK_AUTHORIZED_PARTIES", "").split(","))
                .map(String::strip).filter(p -> !p.isEmpty()).collect(Collectors.toSet());
        Optional<String> pem = environment.value("CLERK_PUBLIC_KEY_PEM");
        if (pem.isPresent()) {
            return withPublicKey(issuer.get(), PemPublicKey.parseRsa(pem.get()), parties);
        }
        Optional<String> jwks = environment.value("CLERK_JWKS_URL").map(String::strip);
        if (jwks.isPresent()) {
            try {
                return withJwks(issuer.get(), URI.create(jwks.get()).toURL(), parties);
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalStateException("CLERK_JWKS_URL is not a URL", e);
            }
        }
        Log.warn("CLERK_ISSUER is set but neither CLERK_PUBLIC_KEY_PEM nor CLERK_JWKS_URL: sessions are refused");
        return disabled();
    }

    /** Whether sessions can be accepted at all. */
    public boolean enabled() {
        return processor != null;
    }

    /**
     * The caller the session stands for.
     *
     * @throws UnauthenticatedException for any token that does not verify
     * @throws IllegalStateException when the JWKS could not be fetched (a fault, not a refusal)
     */
    public Caller verify(String token) {
        if (processor == null) {
            throw new UnauthenticatedException("Clerk sessions are not enabled.");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(JWTParser.parse(token), null);
        } catch (KeySourceException e) {
            throw new IllegalStateException("The Clerk JWKS could not be fetched", e);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new UnauthenticatedException("The session token does not verify.");
        }
        if (!authorizedParties.isEmpty()) {
            Object azp = claims.getClaim("azp");
            if (!(azp instanceof String party) || !authorizedParties.contains(party)) {
                throw new UnauthenticatedException("The session token is for another party.");
            }
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new UnauthenticatedException("The session token has no subject.");
        }
        return new Caller(subject, Optional.empty(), Permission.all());
    }

    private static DefaultJWTProcessor<SecurityContext> processor(String issuer, JWSKeySelector<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys);
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iss"));
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }
}
