package com.cordiul.calls;

/**
 * What follows a stored change of a call: the one home of every effect of a status change (the dial pipeline's
 * bookkeeping; later the webhook outbox). {@link CallStore#update} calls it after each change it writes, with the
 * record before and after, whoever made the change (Chime's events, the dialer, a cancel, the sweeper). It must not
 * throw: an effect that fails logs its own failure, and what it leaves behind must be repairable.
 */
@FunctionalInterface
public interface CallTransitions {

    /** No effect. */
    CallTransitions NONE = (before, after) -> { };

    /** Called once the change from {@code before} to {@code after} is stored. */
    void stored(CallRecord before, CallRecord after);
}
