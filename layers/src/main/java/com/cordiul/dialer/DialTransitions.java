package com.cordiul.dialer;

import com.cordiul.calls.CallRecord;
import com.cordiul.calls.CallTransitions;
import com.cordiul.dialqueue.QueueDepth;
import java.util.function.Supplier;

/**
 * The dial pipeline's part of every stored call change: a call that ends frees its pacer slot if it was dialed, or
 * leaves its owner's queue count if it never was (canceled, or failed by the sweeper, while it waited). Each runs
 * after the change is stored, so a crash in between leaves a slot or a count too many, never too few; both are
 * repaired (the pacer by its repairs, the count by its recount). The pacer and the counter are built on first use,
 * so a function that only reads calls never needs their configuration.
 */
public final class DialTransitions implements CallTransitions {

    private final Supplier<DialPacer> pacer;
    private final Supplier<QueueDepth> depth;

    public DialTransitions(Supplier<DialPacer> pacer, Supplier<QueueDepth> depth) {
        this.pacer = pacer;
        this.depth = depth;
    }

    @Override
    public void stored(CallRecord before, CallRecord after) {
        if (before.status().isTerminal() || !after.status().isTerminal()) {
            return;
        }
        if (after.dialed()) {
            pacer.get().callEnded(after.id());
        } else {
            depth.get().release(after.owner());
        }
    }
}
