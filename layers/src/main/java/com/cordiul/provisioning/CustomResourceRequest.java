package com.cordiul.provisioning;

import com.cordiul.core.Json;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One request of CloudFormation's custom-resource protocol, as the provider function receives it.
 *
 * @param requestType {@code Create}, {@code Update} or {@code Delete} as sent (anything else is answered FAILED)
 * @param responseUrl the pre-signed URL the answer is put to (never logged: it grants a write)
 * @param stackId the stack's ARN
 * @param requestId the request's id, unique per request (a resent request keeps it)
 * @param resourceType the template's type, e.g. {@code Custom::SipMediaApplication}
 * @param logicalResourceId the resource's logical id in the template
 * @param physicalResourceId the id the provider gave the resource (Update and Delete), or null (Create)
 * @param properties {@code ResourceProperties} (without {@code ServiceToken})
 * @param oldProperties {@code OldResourceProperties} of an Update, or an empty map
 */
public record CustomResourceRequest(String requestType, URI responseUrl, String stackId, String requestId,
                                    String resourceType, String logicalResourceId, String physicalResourceId,
                                    Map<String, Object> properties, Map<String, Object> oldProperties) {

    /** The request types of the protocol. */
    public enum Type { CREATE, UPDATE, DELETE }

    public CustomResourceRequest {
        properties = Map.copyOf(withoutNulls(properties));
        oldProperties = Map.copyOf(withoutNulls(oldProperties));
    }

    /**
     * Reads an invocation's event. Only what makes an answer impossible (not JSON, no usable {@code ResponseURL}) is
     * refused here; anything else wrong is answered FAILED by whoever serves the request.
     */
    public static CustomResourceRequest parse(byte[] event) {
        Object document;
        try {
            document = Json.parse(event);
        } catch (RuntimeException e) {
            throw new UnanswerableEventException("The event is not a JSON document");
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw new UnanswerableEventException("The event is not a JSON object");
        }
        URI responseUrl = responseUrl(root.get("ResponseURL"));
        return new CustomResourceRequest(text(root, "RequestType"), responseUrl, text(root, "StackId"),
                text(root, "RequestId"), text(root, "ResourceType"), text(root, "LogicalResourceId"),
                text(root, "PhysicalResourceId"), map(root.get("ResourceProperties")),
                map(root.get("OldResourceProperties")));
    }

    /** The request type, or null when CloudFormation sent one the protocol does not have. */
    public Type type() {
        if (requestType == null) {
            return null;
        }
        return switch (requestType) {
            case "Create" -> Type.CREATE;
            case "Update" -> Type.UPDATE;
            case "Delete" -> Type.DELETE;
            default -> null;
        };
    }

    /**
     * The answer must go to CloudFormation's pre-signed S3 URL: HTTPS. Plain HTTP is accepted only to a loopback
     * address, where a local stack (or a test) receives the answer itself.
     */
    static URI responseUrl(Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw new UnanswerableEventException("The event has no ResponseURL");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new UnanswerableEventException("The ResponseURL is not a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && isLoopback(url.getHost()))) {
            throw new UnanswerableEventException("The ResponseURL must be an https URL (http only to a loopback host)");
        }
        return url;
    }

    private static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-fA-F]*:[0-9a-fA-F:.]*")) {
            // Only literal addresses are resolved here: a name would cost a DNS lookup for nothing.
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String text(Map<?, ?> root, String name) {
        return root.get(name) instanceof String value ? value : null;
    }

    private static Map<String, Object> map(Object value) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (!"ServiceToken".equals(k)) {
                    result.put(String.valueOf(k), v);
                }
            });
        }
        return result;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> {
                if (v != null) {
                    result.put(k, v);
                }
            });
        }
        return result;
    }
}
