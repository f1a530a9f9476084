package com.cordiul.local.cloudformation;

/**
 * A custom resource whose provider never answered on the {@code ResponseURL}: every attempt of the invoke failed,
 * or the function returned without answering, or the resource's {@code ServiceTimeout} ran out. CloudFormation
 * fails the resource when its {@code ServiceTimeout} runs out; the local stack says so at once, and does not start.
 */
public final class NoAnswerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    NoAnswerException(String message, Throwable lastFailure) {
        super(message, lastFailure);
    }
}
