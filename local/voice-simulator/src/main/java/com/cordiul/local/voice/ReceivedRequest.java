package com.cordiul.local.voice;

/**
 * One HTTP request the simulator's Chime API received, whatever became of it.
 *
 * @param method the HTTP method
 * @param path the raw request path, e.g. {@code /sip-media-applications/sma-1/calls}
 * @param body the request body as text
 */
public record ReceivedRequest(String method, String path, String body) {
}
