package com.cordiul.webhooks;

import com.cordiul.core.FreeText;
import com.cordiul.core.InvalidRequestException;
import com.cordiul.core.Json;
import com.cordiul.webhooks.url.WebhookUrl;
import com.cordiul.webhooks.url.WebhookUrlPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated body of {@code POST /api/webhook-endpoints}: {@code {"url", "events"?, "description"?}}. The URL's
 * host is checked here as written; its addresses are checked when the endpoint is registered.
 *
 * @param url         the URL, parsed
 * @param events      the subscribed types in their canonical order, or empty for every type
 * @param description the label exactly as sent, or null
 */
public record NewWebhookEndpoint(WebhookUrl url, Optional<List<String>> events, String description) {

    /** Longest accepted description, in characters (code points). */
    public static final int MAX_DESCRIPTION_LENGTH = 200;

    private static final String URL = "url";
    private static final String EVENTS = "events";
    private static final String DESCRIPTION = "description";
    private static final FreeText DESCRIPTION_RULE = FreeText.singleLine(DESCRIPTION, MAX_DESCRIPTION_LENGTH);
    private static final int MAX_ECHO = 40;

    public NewWebhookEndpoint {
        events = events.map(List::copyOf);
    }

    /** Reads and validates a body; every refusal names the field at fault. */
    public static NewWebhookEndpoint fromJson(Map<String, Object> body, WebhookUrlPolicy policy) {
        for (String field : body.keySet()) {
            if (!field.equals(URL) && !field.equals(EVENTS) && !field.equals(DESCRIPTION)) {
                throw new InvalidRequestException(field, "Unknown field '" + echo(field)
                        + "'; the allowed fields are 'url', 'events' and 'description'.");
            }
        }
        if (!body.containsKey(URL)) {
            throw new InvalidRequestException(URL, "Field 'url' is required.");
        }
        if (!(body.get(URL) instanceof String url)) {
            throw new InvalidRequestException(URL, "Field 'url' must be a string.");
        }
        WebhookUrl parsed = WebhookUrl.parse(url, policy);
        Optional<List<String>> events = body.containsKey(EVENTS) ? Optional.of(events(body.get(EVENTS)))
                : Optional.empty();
        String description = null;
        if (body.containsKey(DESCRIPTION)) {
            if (!(body.get(DESCRIPTION) instanceof String text)) {
                throw new InvalidRequestException(DESCRIPTION, "Field 'description' must be a string, not "
                        + Json.typeName(body.get(DESCRIPTION)) + ".");
            }
            description = DESCRIPTION_RULE.require(text);
        }
        return new NewWebhookEndpoint(parsed, events, description);
    }

    private static List<String> events(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new InvalidRequestException(EVENTS, "Field 'events' must be an array of event types.");
        }
        if (list.isEmpty()) {
            throw new InvalidRequestException(EVENTS, "Field 'events' must name at least one event type (leave it "
                    + "out for every type); valid types are " + WebhookEventTypes.allValues() + ".");
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (Object element : list) {
            if (!(element instanceof String type)) {
                throw new InvalidRequestException(EVENTS, "Field 'events' must be an array of strings.");
            }
            if (!WebhookEventTypes.isKnown(type)) {
                throw new InvalidRequestException(EVENTS, "Unknown event type '" + echo(type) + "' in 'events'; "
                        + "valid types are " + WebhookEventTypes.allValues() + ".");
            }
            chosen.add(type);
        }
        List<String> ordered = new ArrayList<>();
        for (String type : WebhookEventTypes.ALL) {
            if (chosen.contains(type)) {
                ordered.add(type);
            }
        }
        return ordered;
    }

    private static String echo(String value) {
        return value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "...";
    }
}
