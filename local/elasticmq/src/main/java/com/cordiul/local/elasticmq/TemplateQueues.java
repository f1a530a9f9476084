package com.cordiul.local.elasticmq;

import com.cordiul.stack.Queue;
import com.cordiul.stack.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The stack model's queues ({@link Stack#queues()}, every {@code AWS::SQS::Queue} of the template) as ElasticMQ is
 * started with them: the same names (the {@code QueueName}, or the logical id, with {@code .fifo} for a FIFO queue),
 * FIFO and content-based deduplication, visibility timeout, delay, retention, receive wait, and the redrive policy
 * (a dead-letter queue of the template, with its {@code maxReceiveCount}).
 */
public final class TemplateQueues {

    private TemplateQueues() {
    }

    /**
     * The queues of a stack, in template order.
     *
     * @throws IllegalArgumentException a redrive policy names a dead-letter queue that is not one of the template's
     *                                  (it cannot exist locally)
     */
    public static List<QueueSpec> of(Stack stack) {
        List<Queue> queues = stack.queues();
        Map<String, Queue> byId = queues.stream().collect(Collectors.toMap(Queue::logicalId, Function.identity()));
        List<QueueSpec> specs = new ArrayList<>();
        for (Queue queue : queues) {
            QueueSpec spec = (queue.fifo() ? QueueSpec.fifo(queue.queueName()) : QueueSpec.standard(queue.queueName()))
                    .withVisibilityTimeout(queue.visibilityTimeout()).withDelay(queue.delay())
                    .withRetention(queue.messageRetention()).withReceiveWait(queue.receiveWait());
            if (queue.contentBasedDeduplication()) {
                spec = spec.withContentBasedDeduplication();
            }
            if (queue.redrive().isPresent()) {
                Queue.Redrive redrive = queue.redrive().get();
                Queue target = redrive.deadLetterQueueId().map(byId::get).orElseThrow(() ->
                        new IllegalArgumentException("The RedrivePolicy of queue " + queue.logicalId() + " names "
                                + redrive.deadLetterTargetArn() + ", which is no queue of the template: it cannot "
                                + "exist locally"));
                spec = spec.withDeadLetterQueue(target.queueName(), redrive.maxReceiveCount());
            }
            specs.add(spec);
        }
        return specs;
    }
}
