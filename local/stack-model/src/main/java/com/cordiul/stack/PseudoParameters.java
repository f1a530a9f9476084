package com.cordiul.stack;

import java.util.List;

/**
 * The one local value of each pseudo parameter, for every local reader (runner, dynalite, bench, tests): a local
 * stack is named {@code cordiul-local}, so that nothing it names (a log line, an ARN, a generated name) can be
 * mistaken for the deployed {@code cordiul} stack's.
 */
public final class PseudoParameters {

    /** {@code AWS::Region}. */
    public static final String REGION = "us-east-1";
    /** {@code AWS::AccountId}: the documentation's example account. */
    public static final String ACCOUNT_ID = "123456789012";
    /** {@code AWS::StackName}. */
    public static final String STACK_NAME = "cordiul-local";
    /** {@code AWS::Partition}. */
    public static final String PARTITION = "aws";
    /** {@code AWS::URLSuffix}. */
    public static final String URL_SUFFIX = "amazonaws.com";
    /** {@code AWS::StackId}. */
    public static final String STACK_ID = "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT_ID + ":stack/"
            + STACK_NAME + "/00000000-0000-0000-0000-000000000000";
    /** {@code AWS::NotificationARNs}: none. */
    public static final List<String> NOTIFICATION_ARNS = List.of();
    /** What {@code Fn::GetAZs} gives for the local region. */
    public static final List<String> AVAILABILITY_ZONES = List.of(REGION + "a", REGION + "b", REGION + "c");

    private PseudoParameters() {
    }

    /** The ARN of a resource in the local account and region, e.g. {@code arn("sqs", "DialQueue")}. */
    public static String arn(String service, String resource) {
        return "arn:" + PARTITION + ":" + service + ":" + REGION + ":" + ACCOUNT_ID + ":" + resource;
    }
}
