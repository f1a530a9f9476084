package com.cordiul.local.voice.playout;

import com.cordiul.local.voice.AcceptedDial;
import com.cordiul.local.voice.SmaInvoker;
import com.cordiul.local.voice.playout.ResponseValidator.Action;
import com.cordiul.local.voice.playout.ResponseValidator.Validation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One call played out on its own thread, as Chime would: the events of the call's {@link Outcome}, each response
 * validated, the actions of answered calls run, failed or slow invocations retried, transaction attributes carried.
 * An UpdateSipMediaApplicationCall is delivered on the same thread as soon as it arrives (during a wait: ringing, a
 * Speak, a Pause, an idle line) as CALL_UPDATE_REQUESTED; on an answered call, actions in its answer replace the
 * running ones (a Hangup ends the call); before the answer they do not take effect, as Chime documents for a Hangup
 * while the far end rings.
 */
final class PlayedCall implements Runnable {

    /** Chime's cap on invocations per call. */
    static final int MAX_INVOCATIONS = 1000;
    /** Consecutive refused responses after which the simulator gives up on the call. */
    static final int MAX_INVALID_IN_A_ROW = 3;
    private static final String CONNECTED = "Connected";

    private final AcceptedDial dial;
    private final Outcome outcome;
    private final PlayoutTiming timing;
    private final SmaInvoker invoker;
    private final ExecutorService invocations;
    private final EventWriter writer;
    private final List<PlayedEvent> log = new CopyOnWriteArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final BlockingQueue<Map<String, String>> updates = new LinkedBlockingQueue<>();
    private final Consumer<String> whenEnded;

    private long sequence;
    private Map<String, String> attributes;
    private boolean answered;
    private boolean ended;

    PlayedCall(AcceptedDial dial, PlayoutTiming timing, SmaInvoker invoker, ExecutorService invocations,
               String legACallId, long startTimeMillis, Consumer<String> whenEnded) {
        this.dial = dial;
        this.whenEnded = whenEnded;
        this.outcome = Outcome.forDestination(dial.toPhoneNumber());
        this.timing = timing;
        this.invoker = invoker;
        this.invocations = invocations;
        this.writer = new EventWriter(dial, legACallId, startTimeMillis);
    }

    String transactionId() {
        return dial.transactionId();
    }

    List<PlayedEvent> log() {
        return List.copyOf(log);
    }

    boolean await(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Queues an UpdateSipMediaApplicationCall for delivery on the call's thread. */
    void requestUpdate(Map<String, String> arguments) {
        updates.add(Map.copyOf(arguments));
    }

    @Override
    public void run() {
        try {
            play();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Whatever ended it (a hangup, Chime giving up, the line going silent), the call no longer counts; told
            // before anyone waiting for the end wakes up.
            whenEnded.accept(dial.transactionId());
            finished.countDown();
        }
    }

    private void play() throws InterruptedException {
        if (outcome == Outcome.NEVER_CONFIRMED) {
            // No event at all; the call holds its place among the account's active calls until the network drops it.
            TimeUnit.NANOSECONDS.sleep(timing.real(Outcome.SILENT_CALL_LIFETIME).toNanos());
            return;
        }
        // Responses to NEW_OUTBOUND_CALL and RINGING run no actions; only their attributes count.
        if (send("NEW_OUTBOUND_CALL", null, writer.callCreateRequest()) == null) {
            chimeHangsUp();
            return;
        }
        pause(Outcome.DIAL_TIME);
        if (outcome == Outcome.FAILED) {
            hangup(503);
            return;
        }
        if (send("RINGING", null, null) == null) {
            chimeHangsUp();
            return;
        }
        pause(outcome.ringTime());
        switch (outcome) {
            case BUSY -> hangup(486);
            case NO_ANSWER -> hangup(480);
            default -> {
                answered = true;
                converse(send("CALL_ANSWERED", CONNECTED, null));
            }
        }
    }

    /** Runs the function's actions on the answered call until someone hangs up. */
    private void converse(List<Action> actions) throws InterruptedException {
        List<Action> next = actions;
        while (!ended) {
            if (next == null) {
                chimeHangsUp();
            } else if (next.isEmpty()) {
                // Nothing left to run: the far end decides when to hang up, unless an update gives actions.
                next = pause(outcome.farEndTalk().isZero() ? Outcome.IDLE_LINE_HANGUP : outcome.farEndTalk());
                if (next == null && !ended) {
                    hangup(0);
                }
            } else {
                next = runAll(next);
            }
        }
    }

    /**
     * Runs a list of actions as Chime does: ACTION_SUCCESSFUL once the whole list ran, ACTION_FAILED at the first
     * action that fails (the rest is dropped). Returns the actions of the response to that event, or null when
     * the call ended or the function gave no usable answer; or, when an update's answer brought actions while one
     * ran, those actions (the rest of this list is dropped).
     */
    private List<Action> runAll(List<Action> actions) throws InterruptedException {
        for (Action action : actions) {
            ObjectNode p = action.parameters();
            switch (action.type()) {
                case "Hangup" -> {
                    long code = ResponseValidator.millis(p.get("SipResponseCode"));
                    hangup(code < 0 ? 0 : (int) code);
                    return null;
                }
                case "Speak" -> {
                    if (!writer.legACallId().equals(p.path("CallId").asText())) {
                        return send("ACTION_FAILED", CONNECTED, EventWriter.actionData(action,
                                "InvalidActionParameter", "CallId is not a participant of this call"));
                    }
                    List<Action> replaced = pause(Outcome.SPEAK_TIME_PER_CHARACTER
                            .multipliedBy(p.path("Text").asText().length()));
                    if (replaced == null && !ended) {
                        replaced = pause(outcome.farEndTalk());
                    }
                    if (replaced != null || ended) {
                        return replaced;
                    }
                }
                case "Pause" -> {
                    List<Action> replaced = pause(Duration.ofMillis(ResponseValidator.millis(
                            p.get("DurationInMilliseconds"))));
                    if (replaced != null || ended) {
                        return replaced;
                    }
                }
                default -> {
                    return send("ACTION_FAILED", CONNECTED, EventWriter.actionData(action,
                            "ActionNotSupported", "The voice simulator does not run " + action.type()));
                }
            }
        }
        return send("ACTION_SUCCESSFUL", CONNECTED,
                EventWriter.actionData(actions.get(actions.size() - 1), null, null));
    }

    private void hangup(int sipCode) throws InterruptedException {
        ended = true;
        send("HANGUP", "Disconnected", writer.hangup(sipCode));
    }

    /** Chime ends the call itself: the function never answered, or kept answering what Chime refuses. */
    private void chimeHangsUp() throws InterruptedException {
        if (!ended) {
            hangup(0);
        }
    }

    /**
     * Sends one event, retried as Chime does; returns the actions of the response, or null when no usable response
     * came. A refused response is reported in INVALID_LAMBDA_RESPONSE, whose response counts instead, up to
     * {@link #MAX_INVALID_IN_A_ROW} times.
     */
    private List<Action> send(String type, String legStatus, JsonNode actionData) throws InterruptedException {
        Validation validation = deliver(type, writer.event(++sequence, type, legStatus, attributes, actionData));
        for (int reports = 0; validation instanceof Validation.Invalid invalid && !ended; reports++) {
            if (reports == MAX_INVALID_IN_A_ROW || sequence >= MAX_INVOCATIONS) {
                return null;
            }
            ObjectNode report = writer.event(++sequence, "INVALID_LAMBDA_RESPONSE", answered ? CONNECTED : null,
                    attributes, null);
            report.put("ErrorType", invalid.errorType());
            report.put("ErrorMessage", invalid.errorMessage());
            validation = deliver("INVALID_LAMBDA_RESPONSE", report);
        }
        return validation instanceof Validation.Valid valid && sequence < MAX_INVOCATIONS ? valid.actions() : null;
    }

    private Validation deliver(String type, ObjectNode event) throws InterruptedException {
        String json = event.toString();
        Invocation invocation = invoke(json);
        if (invocation.response() == null) {
            log.add(new PlayedEvent(sequence, type, json, null, invocation.attempts(), "no answer"));
            return null;
        }
        Validation validation = ResponseValidator.validate(invocation.response());
        if (validation instanceof Validation.Valid valid && valid.attributes() != null) {
            attributes = valid.attributes();
        }
        log.add(new PlayedEvent(sequence, type, json, invocation.response(), invocation.attempts(),
                validation instanceof Validation.Invalid invalid ? "invalid: " + invalid.errorMessage() : "ok"));
        return validation;
    }

    /**
     * Invokes the function: an invocation that fails is retried once; one that takes longer than the timeout is
     * abandoned (it may still finish: the function must be idempotent) and retried until the give-up time.
     */
    private Invocation invoke(String json) throws InterruptedException {
        long deadline = System.nanoTime() + timing.giveUpAfter().toNanos();
        boolean retriedFailure = false;
        int attempts = 0;
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return new Invocation(null, attempts);
            }
            attempts++;
            Future<String> call = invocations.submit(() -> invoker.invoke(json));
            try {
                return new Invocation(call.get(Math.min(remaining, timing.invocationTimeout().toNanos()),
                        TimeUnit.NANOSECONDS), attempts);
            } catch (ExecutionException e) {
                if (retriedFailure) {
                    return new Invocation(null, attempts);
                }
                retriedFailure = true;
            } catch (TimeoutException e) {
                // Chime does not cancel the slow invocation; it just asks again.
            }
        }
    }

    /**
     * Lets Chime time pass; an update arriving meanwhile is delivered at once, and the wait goes on after it.
     * Returns the actions of an update's answer that replace the running ones (answered calls only, the first such
     * answer ends the wait), or null when the time ran out or the call ended.
     */
    private List<Action> pause(Duration chimeTime) throws InterruptedException {
        long deadline = System.nanoTime() + timing.real(chimeTime).toNanos();
        while (!ended) {
            Map<String, String> arguments = updates.poll(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            if (arguments == null) {
                return null;
            }
            List<Action> answer = send("CALL_UPDATE_REQUESTED", answered ? CONNECTED : null,
                    EventWriter.callUpdateRequest(arguments));
            // Before the answer nothing can run: a Hangup while the far end rings does not take effect.
            if (answered && answer != null && !answer.isEmpty() && !ended) {
                return answer;
            }
        }
        return null;
    }

    /**
     * The result of invoking the function for one event.
     *
     * @param response its response, or null when it never answered
     * @param attempts invocations made
     */
    private record Invocation(String response, int attempts) {
    }
}
