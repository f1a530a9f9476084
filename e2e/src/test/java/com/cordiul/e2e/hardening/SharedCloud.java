package com.cordiul.e2e.hardening;

/**
 * One local cloud for the hardening suites that are not about rate limits or a dying store: limits too high to
 * matter, Clerk sessions trusted from {@link Sessions}' key, unconfirmed calls stale after 1 s so that a sweep can
 * settle them at once, and webhook endpoints on the loopback admitted (as ./dev does). Started on first use,
 * stopped when the test JVM exits; cold function instances are paid for once.
 */
final class SharedCloud {

    /**
     * The lock every test class on this cloud holds: they run one after another (they compare snapshots of its
     * whole store and wait for every playout on it), while classes on other stacks run beside them (e2e/pom.xml).
     */
    static final String LOCK = "cordiul.e2e.hardening-cloud";

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
