package com.cordiul.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads an RSA public key in PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo), the form
 * Clerk's dashboard shows. Line breaks may be missing or written as a literal {@code \n}, as happens when the
 * key passes through a CloudFormation parameter.
 */
final class PemPublicKey {

    private PemPublicKey() {
    }

    static RSAPublicKey parseRsa(String pem) {
        String body = pem.replace("\\n", "\n")
                .replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("CLERK_PUBLIC_KEY_PEM is not an RSA public key in PEM form", e);
        }
    }
}
