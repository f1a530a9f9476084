package com.cordiul.stack;

/**
 * The template cannot be read as CloudFormation would read it: not YAML, an unknown tag, a malformed intrinsic, a
 * reference to nothing, a property the local stack needs and does not find.
 */
public final class TemplateException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** With the message to show the developer (the template's line or the resource in question). */
    public TemplateException(String message) {
        super(message);
    }

    /** With its cause. */
    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
