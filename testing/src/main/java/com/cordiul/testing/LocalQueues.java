package com.cordiul.testing;

import com.cordiul.local.elasticmq.ElasticMq;
import com.cordiul.local.elasticmq.QueueSpec;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A JUnit extension giving a test class one in-memory ElasticMQ (its own JVM) with the queues it is given, every
 * queue emptied before every test. A test that stops it (to see a fault) gets a fresh one for the next test.
 * Use: {@code @RegisterExtension static final LocalQueues QUEUES = new LocalQueues(QueueSpec.standard("dial"),
 * ...);}.
 */
public final class LocalQueues implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final List<QueueSpec> queues;
    private ElasticMq elasticMq;
    private SqsClient client;

    /** These queues (a dead-letter queue among them). */
    public LocalQueues(QueueSpec... queues) {
        this.queues = List.of(queues);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!elasticMq.isRunning()) {
            stop();
            start();
        }
        // PurgeQueue drops every message, in flight or delayed: each test starts from empty queues.
        elasticMq.queueUrls().values().forEach(url -> client.purgeQueue(b -> b.queueUrl(url)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** A real SQS client on it. */
    public SqsClient client() {
        return client;
    }

    /** The URL of one of the queues. */
    public String queueUrl(String name) {
        return elasticMq.queueUrl(name);
    }

    /** Its endpoint, for the code under test's SQS client. */
    public URI endpoint() {
        return elasticMq.endpoint();
    }

    /** ElasticMQ itself, e.g. to stop it in a fault test. */
    public ElasticMq elasticMq() {
        return elasticMq;
    }

    private void start() {
        elasticMq = ElasticMq.startInMemory(queues);
        client = elasticMq.client();
    }

    private void stop() {
        client.close();
        elasticMq.close();
    }
}
