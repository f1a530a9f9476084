package com.cordiul.dialqueue;

/** Counts an owner's calls that wait to be dialed, from the calls themselves: the truth a recount starts from. */
@FunctionalInterface
public interface WaitingCalls {

    /** The owner's recorded calls not dialed yet (neither claimed, nor canceled, nor ended). */
    long count(String owner);
}
