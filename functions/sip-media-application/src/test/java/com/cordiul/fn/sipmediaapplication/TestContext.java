package com.cordiul.fn.sipmediaapplication;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.time.Duration;

/** Lambda's context of one invocation that must end within {@code timeout} of its creation. */
final class TestContext implements Context {

    static final String LOG_STREAM = "2026/03/01/[$LATEST]0123456789abcdef";
    private final long deadline;

    TestContext(Duration timeout) {
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    @Override
    public String getAwsRequestId() {
        return "lambda-request-1";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/cordiul-SipMediaApplicationFunction";
    }

    @Override
    public String getLogStreamName() {
        return LOG_STREAM;
    }

    @Override
    public String getFunctionName() {
        return "cordiul-SipMediaApplicationFunction";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:cordiul-SipMediaApplicationFunction";
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
        return (int) Math.max(0, Duration.ofNanos(deadline - System.nanoTime()).toMillis());
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
