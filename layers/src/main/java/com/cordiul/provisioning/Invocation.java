package com.cordiul.provisioning;

import java.time.Duration;

/**
 * What the provider function knows of its own invocation, from Lambda's context.
 *
 * @param awsRequestId the invocation's request id, for the logs
 * @param logStreamName where its logs go, named in an internal error's reason
 * @param remaining the time left before Lambda stops the function
 */
public record Invocation(String awsRequestId, String logStreamName, Duration remaining) {
}
