package com.cordiul.webhooks;

import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;

/**
 * The answer to rotating an endpoint's secret: the new secret, shown this once.
 *
 * @param secret the new signing secret
 */
public record RotatedSecret(String secret) implements JsonWritable {

    @Override
    public void writeJson(JsonWriter out) {
        out.field("secret", secret);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "RotatedSecret[...]";
    }
}
