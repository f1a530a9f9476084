package com.cordiul.stack;

import java.time.Duration;
import java.util.Optional;

/**
 * An {@code AWS::SQS::Queue}, resolved, SQS's defaults filled in: what a local queue (ElasticMQ) is created from.
 *
 * @param logicalId                 its logical id
 * @param queueName                 {@code QueueName}, or the logical id (with {@code .fifo} for a FIFO queue)
 * @param url                       its URL (what {@code Ref} gives)
 * @param arn                       its ARN ({@code Fn::GetAtt Queue.Arn})
 * @param fifo                      {@code FifoQueue}
 * @param contentBasedDeduplication {@code ContentBasedDeduplication}
 * @param visibilityTimeout         {@code VisibilityTimeout} (default 30 s)
 * @param delay                     {@code DelaySeconds} (default 0)
 * @param messageRetention          {@code MessageRetentionPeriod} (default 4 days)
 * @param receiveWait               {@code ReceiveMessageWaitTimeSeconds} (default 0)
 * @param maximumMessageBytes       {@code MaximumMessageSize} (default 262144)
 * @param redrive                   its {@code RedrivePolicy}, if any
 */
public record Queue(String logicalId, String queueName, String url, String arn, boolean fifo,
                    boolean contentBasedDeduplication, Duration visibilityTimeout, Duration delay,
                    Duration messageRetention, Duration receiveWait, int maximumMessageBytes,
                    Optional<Redrive> redrive) {

    /**
     * Where messages go after too many receives.
     *
     * @param deadLetterTargetArn the dead-letter queue's ARN
     * @param deadLetterQueueId   the logical id of the template's queue of that ARN, if it is one
     * @param maxReceiveCount     receives before a message moves there
     */
    public record Redrive(String deadLetterTargetArn, Optional<String> deadLetterQueueId, int maxReceiveCount) {
    }
}
