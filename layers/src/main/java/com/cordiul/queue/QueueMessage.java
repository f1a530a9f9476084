package com.cordiul.queue;

/**
 * One message of an SQS event source mapping's batch, as far as a handler needs it.
 *
 * @param messageId    its id, what a partial batch failure names
 * @param body         its body
 * @param receiveCount {@code ApproximateReceiveCount}: 1 on its first receive
 */
public record QueueMessage(String messageId, String body, int receiveCount) {
}
