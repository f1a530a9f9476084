package com.cordiul.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Any resource of the template, for what has no typed view: its type, its {@code Condition} and its properties
 * ({@code Globals} merged in for SAM types, every intrinsic resolved).
 */
public record Resource(String logicalId, String type, Optional<String> condition, JsonNode properties) {
}
