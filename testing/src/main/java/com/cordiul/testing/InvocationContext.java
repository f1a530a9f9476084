package com.cordiul.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.time.Duration;

/**
 * Lambda's context of one invocation, as the runtime hands it to a handler: a request id, a function name and the
 * version behind the alias, the time left before it times out; the rest as Lambda gives it to a function of 1024 MB.
 *
 * @param awsRequestId    Lambda's request id of the invocation
 * @param functionName    the function's name
 * @param functionVersion the version that runs
 * @param deadlineNanos   when the invocation times out, on {@link System#nanoTime()}'s scale
 */
public record InvocationContext(String awsRequestId, String functionName, String functionVersion,
        long deadlineNanos) implements Context {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** An invocation of that version with ten seconds left. */
    public InvocationContext(String awsRequestId, String functionName, String functionVersion) {
        this(awsRequestId, functionName, functionVersion, System.nanoTime() + DEFAULT_TIMEOUT.toNanos());
    }

    /** An invocation of version 7 of a function of that name. */
    public static InvocationContext of(String awsRequestId, String functionName) {
        return new InvocationContext(awsRequestId, functionName, "7");
    }

    /** An invocation of version 7 that times out {@code timeout} from now: its remaining time runs down. */
    public static InvocationContext endingIn(Duration timeout, String awsRequestId, String functionName) {
        return new InvocationContext(awsRequestId, functionName, "7", System.nanoTime() + timeout.toNanos());
    }

    @Override
    public String getAwsRequestId() {
        return awsRequestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "2026/03/01/[" + functionVersion + "]0123456789abcdef";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return functionVersion;
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName + ":live";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return null;
    }
}
