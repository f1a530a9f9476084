package com.cordiul.core;

/**
 * A JSON value already written, emitted as it is: an event body stored exactly as it was delivered is shown byte for
 * byte, not parsed and written again. Only for text this code wrote itself.
 *
 * @param json one complete JSON value
 */
public record RawJson(String json) {
}
