package com.cordiul.local.elasticmq;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start an {@link ElasticMq}. Start from {@link #inMemory} or {@link #persistent} and change what differs.
 *
 * @param queues         the queues (a dead-letter queue must be one of them, of the same kind)
 * @param dataDir        where its queues and messages are kept across restarts (ElasticMQ's H2 messages storage),
 *                       or null to keep them in memory
 * @param port           its port on 127.0.0.1 (0 for a free one)
 * @param logFile        where its output goes, or null for {@link ElasticMq#defaultLogFile}
 * @param restartOnDeath whether one that dies unasked is started again (same port, same data)
 */
public record ElasticMqSettings(List<QueueSpec> queues, Path dataDir, int port, Path logFile,
                                boolean restartOnDeath) {

    public ElasticMqSettings {
        queues = List.copyOf(queues);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Not a port: " + port);
        }
        Map<String, QueueSpec> byName = new HashMap<>();
        for (QueueSpec queue : queues) {
            if (byName.put(queue.name(), queue) != null) {
                throw new IllegalArgumentException("Queue " + queue.name() + " is declared twice");
            }
        }
        for (QueueSpec queue : queues) {
            if (queue.deadLetterQueue() != null) {
                QueueSpec dlq = byName.get(queue.deadLetterQueue());
                if (dlq == null) {
                    throw new IllegalArgumentException(queue.name() + ": its dead-letter queue "
                            + queue.deadLetterQueue() + " is not declared");
                }
                if (dlq.fifo() != queue.fifo()) {
                    throw new IllegalArgumentException(queue.name() + ": a dead-letter queue is of the same kind "
                            + "(FIFO or standard) as its source queue");
                }
            }
        }
    }

    /** These queues, in memory, on a free port, not restarted. */
    public static ElasticMqSettings inMemory(List<QueueSpec> queues) {
        return new ElasticMqSettings(queues, null, 0, null, false);
    }

    /** These queues, kept with their messages under {@code dataDir}, on a free port, restarted when it dies. */
    public static ElasticMqSettings persistent(Path dataDir, List<QueueSpec> queues) {
        return new ElasticMqSettings(queues, dataDir, 0, null, true);
    }

    /** On that port. */
    public ElasticMqSettings withPort(int value) {
        return new ElasticMqSettings(queues, dataDir, value, logFile, restartOnDeath);
    }

    /** Logging there. */
    public ElasticMqSettings withLogFile(Path value) {
        return new ElasticMqSettings(queues, dataDir, port, value, restartOnDeath);
    }

    /** Restarted when it dies unasked, or not. */
    public ElasticMqSettings withRestartOnDeath(boolean value) {
        return new ElasticMqSettings(queues, dataDir, port, logFile, value);
    }
}
