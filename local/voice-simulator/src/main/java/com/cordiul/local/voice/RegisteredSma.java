package com.cordiul.local.voice;

import java.time.Instant;

/**
 * A SIP media application of the simulated account, as Chime SDK Voice describes it.
 *
 * @param id the SipMediaApplicationId (a UUID, as Chime gives)
 * @param arn the SipMediaApplicationArn
 * @param awsRegion the region it lives in
 * @param name its name
 * @param lambdaArn its one endpoint, the Lambda function (or alias) Chime invokes
 * @param created when it was created
 * @param updated when it was last changed
 */
public record RegisteredSma(String id, String arn, String awsRegion, String name, String lambdaArn,
                            Instant created, Instant updated) {

    /** The same application renamed and/or pointed elsewhere (null keeps a field), changed at {@code now}. */
    RegisteredSma updated(String newName, String newLambdaArn, Instant now) {
        return new RegisteredSma(id, arn, awsRegion, newName == null ? name : newName,
                newLambdaArn == null ? lambdaArn : newLambdaArn, created, now);
    }
}
