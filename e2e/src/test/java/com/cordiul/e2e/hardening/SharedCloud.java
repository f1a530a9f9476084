package com.cordiul.e2e.hardening;

/**
 * One local cloud for the hardening suites that are not about rate limits or a dying store: limits too high to
 * matter, Clerk sessions trusted from {@link Sessions}' key, unconfirmed calls stale after 1 s so that a sweep can
 * settle them at once, and webhook endpoints on the loopback admitted (as ./dev does). Started on first use,
 * stopped when the test JVM exits; cold function instances are paid for once.
 */
final class SharedCloud {

    private static HardeningStack stack;

    private SharedCloud() {
    }

    static synchronized HardeningStack get() {
        if (stack == null) {
            stack = HardeningStack.builder().highRateLimits()
                    .parameter("ClerkIssuer", Sessions.ISSUER)
                    .parameter("ClerkPublicKeyPem", Sessions.publicKeyPem())
                    .parameter("StaleInitiatingSeconds", "1")
                    .parameter("WebhookAllowLocalhost", "true")
                    .threads(6)
                    .start();
            HardeningStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "hardening-cloud-stop"));
        }
        return stack;
    }
}
