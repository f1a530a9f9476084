package com.cordiul.provisioning;

import java.util.List;
import java.util.Map;

/**
 * The SIP media application a stack asks for, from the custom resource's properties, which have the shape of
 * CreateSipMediaApplication's body: {@code Name}, {@code AwsRegion}, {@code Endpoints: [{LambdaArn}]}. Only presence
 * and shape are checked here; Chime SDK Voice validates the values and its refusal is the reason reported.
 *
 * @param name the application's name
 * @param awsRegion the region it lives in (a change replaces it)
 * @param lambdaArn the function (alias) Chime invokes for every call event
 */
public record SipMediaApplicationSpec(String name, String awsRegion, String lambdaArn) {

    /** Reads the properties of a request; {@code which} names them in a refusal. */
    public static SipMediaApplicationSpec from(Map<String, Object> properties, String which) {
        String name = text(properties, "Name", which);
        String region = text(properties, "AwsRegion", which);
        if (!(properties.get("Endpoints") instanceof List<?> endpoints) || endpoints.size() != 1
                || !(endpoints.get(0) instanceof Map<?, ?> endpoint)
                || !(endpoint.get("LambdaArn") instanceof String arn) || arn.isBlank()) {
            throw new InvalidResourcePropertiesException(which + ".Endpoints must be a list of exactly one "
                    + "endpoint with a LambdaArn");
        }
        return new SipMediaApplicationSpec(name, region, arn);
    }

    /** Whether an application is this one: same region, same name, same endpoint. */
    boolean describes(String otherRegion, String otherName, String otherLambdaArn) {
        return awsRegion.equals(otherRegion) && name.equals(otherName) && lambdaArn.equals(otherLambdaArn);
    }

    private static String text(Map<String, Object> properties, String name, String which) {
        if (!(properties.get(name) instanceof String value) || value.isBlank()) {
            throw new InvalidResourcePropertiesException(which + "." + name + " is required and must be a string");
        }
        return value;
    }
}
