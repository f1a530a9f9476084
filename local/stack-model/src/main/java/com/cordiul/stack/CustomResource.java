package com.cordiul.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A custom resource ({@code Custom::Name} or {@code AWS::CloudFormation::CustomResource}), resolved.
 *
 * @param logicalId       its logical id
 * @param type            its resource type
 * @param serviceToken    {@code ServiceToken}, resolved (a function's or an SNS topic's ARN)
 * @param serviceFunction the logical id of the template's function that token names, if it names one
 * @param properties      its other properties, resolved: what CloudFormation sends as {@code ResourceProperties}
 */
public record CustomResource(String logicalId, String type, String serviceToken, Optional<String> serviceFunction,
                             JsonNode properties) {
}
