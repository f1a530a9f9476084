package com.cordiul.calls;

/**
 * Which statuses a call takes, and so which events it emits. A call takes a status when a stored write changes the
 * status its facts add up to ({@link CallRecord#status()}); each such write emits one event, of the status after it,
 * with the next sequence. Facts that arrive late or out of order change the status only as the status machine says
 * ({@link CallStatusMachine}: the rank never decreases): a RINGING recorded after the HANGUP changes nothing, so the
 * call never showed {@code ringing} and emits no {@code call.ringing}; a duplicated event changes nothing and emits
 * nothing; a late ANSWERED that turns a {@code failed} call into a {@code completed} one changes the status and emits
 * {@code call.completed}. A write that changes other facts only (a dial claim, an earlier timestamp) emits nothing.
 */
public final class StatusEventRule {

    private StatusEventRule() {
    }

    /** Whether the write from {@code before} to {@code after} makes the call take a status. */
    public static boolean takesStatus(CallRecord before, CallRecord after) {
        return after.status() != before.status();
    }

    /** The event sequence after that write, given the sequence before it (0 before the first event). */
    public static long next(long sequence, CallRecord before, CallRecord after) {
        return takesStatus(before, after) ? sequence + 1 : sequence;
    }
}
