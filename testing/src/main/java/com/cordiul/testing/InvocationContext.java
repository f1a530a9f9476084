package com.cordiul.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * Lambda's context of one invocation, as the runtime hands it to a handler: a request id, a function name and the
 * version behind the alias; the rest as Lambda gives it to a function of 1024 MB with time left.
 *
 * @param awsRequestId    Lambda's request id of the invocation
 * @param functionName    the function's name
 * @param functionVersion the version that runs
 */
public record InvocationContext(String awsRequestId, String functionName, String functionVersion)
        implements Context {

    /** An invocation of version 7 of a function of that name. */
    public static InvocationContext of(String awsRequestId, String functionName) {
        return new InvocationContext(awsRequestId, functionName, "7");
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
        return 10_000;
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
