package com.cordiul.local.elasticmq;

import com.cordiul.stack.PseudoParameters;
import java.nio.file.Path;

/**
 * ElasticMQ's configuration file (HOCON, read with {@code -Dconfig.file}): its defaults, then loopback on one port
 * with queue URLs naming it, the local stack's region and account (so that a queue's URL and ARN are what the
 * stack model's {@code Ref} and {@code Fn::GetAtt} give), no statistics server, SQS's strict limits, the queues,
 * and the messages storage when data is kept.
 */
final class ElasticMqConfig {

    /** The local stack's region and account: queue URLs and ARNs are the ones the stack model gives them. */
    static final String REGION = PseudoParameters.REGION;
    static final String ACCOUNT = PseudoParameters.ACCOUNT_ID;

    private ElasticMqConfig() {
    }

    static String render(ElasticMqSettings settings, int port) {
        StringBuilder c = new StringBuilder();
        c.append("include classpath(\"application.conf\")\n");
        c.append("node-address { protocol = \"http\", host = \"127.0.0.1\", port = ").append(port)
                .append(", context-path = \"\" }\n");
        c.append("generate-node-address = false\n");
        c.append("rest-sqs { enabled = true, bind-port = ").append(port)
                .append(", bind-hostname = \"127.0.0.1\", sqs-limits = strict }\n");
        c.append("rest-stats { enabled = false }\n");
        c.append("aws { region = \"").append(REGION).append("\", accountId = \"").append(ACCOUNT).append("\" }\n");
        c.append("queues {\n");
        for (QueueSpec q : settings.queues()) {
            c.append("  ").append(quoted(q.name())).append(" {\n");
            c.append("    defaultVisibilityTimeout = ").append(q.visibilityTimeout().toSeconds()).append(" seconds\n");
            c.append("    delay = ").append(q.delay().toSeconds()).append(" seconds\n");
            c.append("    receiveMessageWait = ").append(q.receiveWait().toSeconds()).append(" seconds\n");
            c.append("    fifo = ").append(q.fifo()).append('\n');
            c.append("    contentBasedDeduplication = ").append(q.contentBasedDeduplication()).append('\n');
            if (q.deadLetterQueue() != null) {
                c.append("    deadLettersQueue { name = ").append(quoted(q.deadLetterQueue()))
                        .append(", maxReceiveCount = ").append(q.maxReceiveCount()).append(" }\n");
            }
            c.append("  }\n");
        }
        c.append("}\n");
        if (settings.dataDir() != null) {
            // WRITE_DELAY=0: a message is on disk when SendMessage answers, so even a killed ElasticMQ keeps it.
            Path db = settings.dataDir().toAbsolutePath().resolve("elasticmq");
            c.append("messages-storage { enabled = true, uri = ").append(quoted("jdbc:h2:file:" + db
                    + ";WRITE_DELAY=0")).append(", prune-data-on-init = false }\n");
        }
        return c.toString();
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
