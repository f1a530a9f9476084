package com.cordiul.local.voice.playout;

import com.cordiul.local.voice.AcceptedDial;
import com.cordiul.local.voice.DialListener;
import com.cordiul.local.voice.SmaInvoker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Plays every accepted dial out like Chime's PSTN audio service: on its own thread, it invokes the SIP media
 * application's function with the call's events (NEW_OUTBOUND_CALL, RINGING, then per {@link Outcome} an answer
 * and the function's actions, or a hangup), validates each response as Chime does, reports refused ones in
 * INVALID_LAMBDA_RESPONSE, retries failed and slow invocations, and carries TransactionAttributes along.
 * It delivers UpdateSipMediaApplicationCall requests to the call as CALL_UPDATE_REQUESTED, and tells
 * {@link #onCallEnded} listeners when a call is over (hung up, given up on, or dropped silently), so that the simulated
 * account's active-call count follows its calls. Each call's events are kept for tests ({@link #events}), and
 * {@link #awaitFinished} waits for a call's end.
 */
public final class CallPlayout implements DialListener, AutoCloseable {

    private final SmaInvoker invoker;
    private final PlayoutTiming timing;
    private final Clock clock;
    private final Map<String, PlayedCall> calls = new ConcurrentHashMap<>();
    private final ExecutorService callThreads = Executors.newCachedThreadPool(daemon("playout-call-"));
    private final ExecutorService invocationThreads = Executors.newCachedThreadPool(daemon("playout-invoke-"));
    private final List<Consumer<String>> endListeners = new CopyOnWriteArrayList<>();

    /** A playout at this timing, with the system clock for StartTimeInMilliseconds. */
    public CallPlayout(SmaInvoker invoker, PlayoutTiming timing) {
        this(invoker, timing, Clock.systemUTC());
    }

    /** A playout at this timing and clock. */
    public CallPlayout(SmaInvoker invoker, PlayoutTiming timing, Clock clock) {
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Tells the listener the transaction id of every call that is over (e.g. the simulator's {@code callEnded}). */
    public CallPlayout onCallEnded(Consumer<String> listener) {
        endListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public void dialed(AcceptedDial dial) {
        PlayedCall call = new PlayedCall(dial, timing, invoker, invocationThreads, UUID.randomUUID().toString(),
                clock.millis(), this::ended);
        if (calls.putIfAbsent(dial.transactionId(), call) == null) {
            callThreads.execute(call);
        }
    }

    @Override
    public void updateRequested(AcceptedDial call, Map<String, String> arguments) {
        PlayedCall played = calls.get(call.transactionId());
        if (played != null) {
            played.requestUpdate(arguments);
        }
    }

    private void ended(String transactionId) {
        for (Consumer<String> listener : endListeners) {
            try {
                listener.accept(transactionId);
            } catch (RuntimeException e) {
                // One listener's failure must not keep the others from hearing of the end.
            }
        }
    }

    /** The events sent so far for a transaction, in order; empty for an unknown one. */
    public List<PlayedEvent> events(String transactionId) {
        PlayedCall call = calls.get(transactionId);
        return call == null ? List.of() : call.log();
    }

    /** Waits until the transaction's playout has finished; false on timeout or for an unknown transaction. */
    public boolean awaitFinished(String transactionId, Duration timeout) throws InterruptedException {
        PlayedCall call = calls.get(transactionId);
        return call != null && call.await(timeout);
    }

    /** Stops every playout at once (calls in the middle are abandoned, as if the service went away). */
    @Override
    public void close() {
        callThreads.shutdownNow();
        invocationThreads.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
