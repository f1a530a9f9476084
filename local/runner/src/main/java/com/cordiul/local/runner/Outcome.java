package com.cordiul.local.runner;

import java.util.function.Function;

/**
 * What one step of the gateway's request path (route, authorize, invoke, render) gives the next: the value to go on
 * with, or the answer API Gateway sends by itself (a gateway response), which ends the request there.
 *
 * @param <T> what the next step works on
 */
sealed interface Outcome<T> {

    /** Go on with this value. */
    record Proceed<T>(T value) implements Outcome<T> {
    }

    /** Stop: API Gateway answers this itself. */
    record Answered<T>(Gateway.Answer answer) implements Outcome<T> {
    }

    /** Goes on with the next step, or keeps the answer. */
    default <U> Outcome<U> then(Function<T, Outcome<U>> next) {
        if (this instanceof Proceed<T> proceed) {
            return next.apply(proceed.value());
        }
        return new Answered<>(((Answered<T>) this).answer());
    }

    /** Ends the path: the last step's answer, or the one given earlier. */
    default Gateway.Answer finish(Function<T, Gateway.Answer> last) {
        if (this instanceof Proceed<T> proceed) {
            return last.apply(proceed.value());
        }
        return ((Answered<T>) this).answer();
    }

    /** A step that goes on. */
    static <T> Outcome<T> proceed(T value) {
        return new Proceed<>(value);
    }

    /** A step that stops with a gateway response. */
    static <T> Outcome<T> answered(Gateway.Answer answer) {
        return new Answered<>(answer);
    }
}
