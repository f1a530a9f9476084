package com.cordiul.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code GatewayResponses} of an API, rendered as API Gateway renders them: the declared StatusCode (or the
 * response type's own), the ResponseParameters headers ({@code 'literal'}, {@code context.*},
 * {@code method.request.*}) and the {@code application/json} ResponseTemplate with its {@code $context} variables
 * substituted. A type that is not declared falls back to {@code DEFAULT_4XX} or {@code DEFAULT_5XX}.
 */
final class GatewayResponses {

    /** API Gateway's own status of each response type. */
    private static final Map<String, Integer> DEFAULT_STATUS = Map.ofEntries(
            Map.entry("ACCESS_DENIED", 403), Map.entry("API_CONFIGURATION_ERROR", 500),
            Map.entry("AUTHORIZER_CONFIGURATION_ERROR", 500), Map.entry("AUTHORIZER_FAILURE", 500),
            Map.entry("BAD_REQUEST_PARAMETERS", 400), Map.entry("BAD_REQUEST_BODY", 400),
            Map.entry("EXPIRED_TOKEN", 403), Map.entry("INTEGRATION_FAILURE", 504),
            Map.entry("INTEGRATION_TIMEOUT", 504), Map.entry("INVALID_API_KEY", 403),
            Map.entry("INVALID_SIGNATURE", 403), Map.entry("MISSING_AUTHENTICATION_TOKEN", 403),
            Map.entry("QUOTA_EXCEEDED", 429), Map.entry("REQUEST_TOO_LARGE", 413),
            Map.entry("RESOURCE_NOT_FOUND", 404), Map.entry("THROTTLED", 429), Map.entry("UNAUTHORIZED", 401),
            Map.entry("UNSUPPORTED_MEDIA_TYPE", 415), Map.entry("WAF_FILTERED", 403),
            Map.entry("DEFAULT_4XX", 400), Map.entry("DEFAULT_5XX", 500));

    /** API Gateway's body when no template is declared. */
    private static final String DEFAULT_TEMPLATE = "{\"message\":$context.error.messageString}";

    private final JsonNode declared;

    /** The API's {@code GatewayResponses}, intrinsics already resolved by the stack model. */
    GatewayResponses(JsonNode declared) {
        this.declared = declared == null ? MissingNode.getInstance() : declared;
    }

    /** The context a gateway response is rendered in. */
    record Context(String requestId, String stage, String httpMethod, String path, String resourcePath,
                   Map<String, List<String>> headers, Map<String, List<String>> query,
                   Map<String, String> pathParameters) {

        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(e.getValue().size() - 1);
                }
            }
            return null;
        }
    }

    /** A rendered answer. */
    record Rendered(int status, Map<String, String> headers, String body) {
    }

    /**
     * Renders a response type.
     *
     * @param type    e.g. {@code UNAUTHORIZED}
     * @param status  the status of the failure when it is not the type's own (a Lambda error is a 502 rendered
     *                as {@code DEFAULT_5XX}), or null
     * @param message {@code $context.error.message}
     */
    Rendered render(String type, Integer status, String message, Context context) {
        int natural = status != null ? status : DEFAULT_STATUS.getOrDefault(type, 500);
        JsonNode response = declared.path(type);
        if (response.isMissingNode()) {
            response = declared.path(natural >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX");
        }
        int code = response.has("StatusCode") ? Integer.parseInt(response.get("StatusCode").asText().trim()) : natural;
        Map<String, String> variables = variables(type, message, context);
        Map<String, String> headers = new LinkedHashMap<>();
        response.path("ResponseParameters").path("Headers").properties().forEach(h -> {
            String value = headerValue(h.getValue().isNull() ? null : h.getValue().asText(), variables, context);
            if (value != null) {
                headers.put(h.getKey(), value);
            }
        });
        if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            headers.put("Content-Type", "application/json");
        }
        JsonNode templates = response.path("ResponseTemplates");
        String template = templates.has("application/json") ? templates.get("application/json").asText()
                : templates.elements().hasNext() ? templates.elements().next().asText() : DEFAULT_TEMPLATE;
        return new Rendered(code, headers, substitute(template, variables));
    }

    private static Map<String, String> variables(String type, String message, Context context) {
        Map<String, String> variables = new HashMap<>();
        variables.put("context.requestId", context.requestId());
        variables.put("context.extendedRequestId", context.requestId());
        variables.put("context.stage", context.stage());
        variables.put("context.httpMethod", context.httpMethod());
        variables.put("context.path", "/" + context.stage() + context.path());
        variables.put("context.resourcePath", context.resourcePath() == null ? "" : context.resourcePath());
        variables.put("context.error.message", message);
        // API Gateway's messageString is the message as a quoted JSON string, quotes included.
        variables.put("context.error.messageString", JsonNodeFactory.instance.textNode(message).toString());
        variables.put("context.error.responseType", type);
        return variables;
    }

    private static String headerValue(String mapping, Map<String, String> variables, Context context) {
        if (mapping == null) {
            return null;
        }
        if (mapping.length() >= 2 && mapping.startsWith("'") && mapping.endsWith("'")) {
            return mapping.substring(1, mapping.length() - 1);
        }
        if (variables.containsKey(mapping)) {
            return variables.get(mapping);
        }
        if (mapping.startsWith("method.request.header.")) {
            return context.header(mapping.substring("method.request.header.".length()));
        }
        if (mapping.startsWith("method.request.querystring.")) {
            List<String> values = context.query().get(mapping.substring("method.request.querystring.".length()));
            return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
        }
        if (mapping.startsWith("method.request.path.")) {
            return context.pathParameters().get(mapping.substring("method.request.path.".length()));
        }
        return null;
    }

    private static String substitute(String template, Map<String, String> variables) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '$') {
                boolean braced = i + 1 < template.length() && template.charAt(i + 1) == '{';
                int start = braced ? i + 2 : i + 1;
                int end = start;
                while (end < template.length() && isNameChar(template.charAt(end))) {
                    end++;
                }
                String name = trimDots(template.substring(start, end));
                end = start + name.length();
                boolean closed = !braced || (end < template.length() && template.charAt(end) == '}');
                if (closed && variables.containsKey(name)) {
                    out.append(variables.get(name));
                    i = braced ? end + 1 : end;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_';
    }

    private static String trimDots(String name) {
        String trimmed = name;
        while (trimmed.endsWith(".")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
