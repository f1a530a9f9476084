package com.cordiul.core;

/**
 * A document that is not the JSON {@link Json} accepts: a syntax error, a duplicate key, nesting deeper than
 * {@link Json#MAX_NESTING_DEPTH}, or data after the value. The message names the problem, never the input.
 */
public final class MalformedJsonException extends RuntimeException {

    private final int line;
    private final int column;
    private final boolean tooDeep;

    /** A problem at a position (1-based; -1 when unknown). */
    public MalformedJsonException(String problem, int line, int column, boolean tooDeep) {
        super(problem, null, false, false);
        this.line = line;
        this.column = column;
        this.tooDeep = tooDeep;
    }

    /** The line of the problem, or -1. */
    public int line() {
        return line;
    }

    /** The column of the problem, or -1. */
    public int column() {
        return column;
    }

    /** Whether the document was refused for its nesting depth. */
    public boolean tooDeep() {
        return tooDeep;
    }
}
