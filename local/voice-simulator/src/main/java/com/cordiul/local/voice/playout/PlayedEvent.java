package com.cordiul.local.voice.playout;

/**
 * One event the playout sent for a call, and what came of it.
 *
 * @param sequence the event's {@code Sequence}
 * @param type its {@code InvocationEventType}
 * @param event the event JSON
 * @param response the function's response JSON, or null when none came
 * @param attempts invocations made for it (more than one after a failure or a timeout)
 * @param result {@code ok}, {@code invalid: <why>}, or {@code no answer}
 */
public record PlayedEvent(long sequence, String type, String event, String response, int attempts,
                          String result) {
}
