package com.cordiul.testing;

import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.TemplateTables;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A JUnit extension giving a test class one in-memory dynalite with the template's tables, emptied before every
 * test. A test that stops the store (to see a fault) gets a fresh one for the next test.
 * Use: {@code @RegisterExtension static final TemplateStore STORE = new TemplateStore();}.
 */
public final class TemplateStore implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private static final TemplateTables TABLES = TemplateTables.fromRepository();

    private Dynalite dynalite;
    private DynamoDbClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!dynalite.isRunning()) {
            stop();
            start();
        }
        TABLES.truncateAll(client);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** A real SDK client on the store. */
    public DynamoDbClient client() {
        return client;
    }

    /** The store itself, e.g. to stop it in a fault test. */
    public Dynalite dynalite() {
        return dynalite;
    }

    /** The store's endpoint. */
    public URI endpoint() {
        return dynalite.endpoint();
    }

    private void start() {
        dynalite = Dynalite.startInMemory();
        client = dynalite.client();
        TABLES.createAll(client);
    }

    private void stop() {
        client.close();
        dynalite.close();
    }
}
