package com.cordiul.local.runner.schedule;

/**
 * A schedule expression EventBridge would refuse ({@code ValidationException: Parameter ScheduleExpression is not
 * valid}).
 */
public final class ScheduleExpressionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    ScheduleExpressionException(String expression, String why) {
        super("Not a valid schedule expression: '" + expression + "': " + why);
    }
}
