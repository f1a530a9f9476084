package com.cordiul.chime.sma;

import com.cordiul.core.Json;
import com.cordiul.core.JsonWritable;
import com.cordiul.core.JsonWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A response to an SMA event: {@code {"SchemaVersion":"1.0","Actions":[...],"TransactionAttributes":{...}}}.
 * Chime refuses a response with more than {@value #MAX_ACTIONS} actions, so the builder does too.
 *
 * @param actions what to run, in order; empty runs nothing
 * @param transactionAttributes what Chime hands back on the call's later events; empty sends none
 */
public record SmaResponse(List<SmaAction> actions, Map<String, String> transactionAttributes)
        implements JsonWritable {

    /** Chime's limit of actions per response. */
    public static final int MAX_ACTIONS = 10;

    public SmaResponse {
        if (actions.size() > MAX_ACTIONS) {
            throw new IllegalArgumentException("A response holds at most " + MAX_ACTIONS + " actions");
        }
        actions = List.copyOf(actions);
        transactionAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(transactionAttributes));
    }

    /** A response that runs nothing and sets no attributes. */
    public static SmaResponse empty() {
        return new SmaResponse(List.of(), Map.of());
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The response JSON. */
    public String toJson() {
        return Json.write(this);
    }

    @Override
    public void writeJson(JsonWriter out) {
        out.field("SchemaVersion", "1.0").field("Actions", actions)
                .optionalField("TransactionAttributes", transactionAttributes.isEmpty() ? null : transactionAttributes);
    }

    /** Builds a response; adding an action beyond the limit is refused at once. */
    public static final class Builder {

        private final List<SmaAction> actions = new ArrayList<>();
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder() {
        }

        /** Appends an action. */
        public Builder action(SmaAction action) {
            if (actions.size() == MAX_ACTIONS) {
                throw new IllegalStateException("A response holds at most " + MAX_ACTIONS + " actions");
            }
            actions.add(action);
            return this;
        }

        /** Sets one transaction attribute; a null value is left out. */
        public Builder attribute(String name, String value) {
            if (value != null) {
                attributes.put(name, value);
            }
            return this;
        }

        /** The response. */
        public SmaResponse build() {
            return new SmaResponse(actions, attributes);
        }
    }
}
