package com.cordiul.logging;

/**
 * What every line of one invocation carries, so that it can be joined with Lambda's own {@code START} and
 * {@code REPORT} lines and with the invocation's trace (the field names are Powertools for AWS Lambda's).
 *
 * @param functionRequestId Lambda's request id ({@code awsRequestId}); null outside Lambda (a test, a tool)
 * @param functionName      the function's name
 * @param functionVersion   the version that runs ({@code $LATEST}, or the number behind the alias); may be null
 * @param coldStart         whether this is the first invocation of the execution environment
 * @param xrayTraceId       the X-Ray trace id ({@code Root=} of the trace header), when the invocation has one
 */
public record InvocationFields(String functionRequestId, String functionName, String functionVersion,
                               boolean coldStart, String xrayTraceId) {
}
