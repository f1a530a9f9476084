package com.cordiul.stack;

/**
 * A parameter value CloudFormation would refuse: an override of a parameter the template does not declare, a
 * parameter without a default and without a value, a value outside {@code AllowedValues}, not matching
 * {@code AllowedPattern}, out of a length or value bound, or not a number for a {@code Number}.
 */
public final class ParameterException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** With the message to show the developer (it names the parameter). */
    public ParameterException(String message) {
        super(message);
    }
}
