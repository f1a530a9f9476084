package com.cordiul.auth;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.cordiul.identity.Caller;
import java.util.List;

/**
 * The answer of the REQUEST authorizer for an authenticated caller: Allow {@code execute-api:Invoke} on every
 * route of the API stage, with the caller in the context that the functions read back.
 */
public final class AuthorizerPolicy {

    private AuthorizerPolicy() {
    }

    /** Allows the caller on the whole stage the method ARN belongs to. */
    public static IamPolicyResponseV1 allow(Caller caller, String methodArn) {
        return IamPolicyResponseV1.builder()
                .withPrincipalId(caller.owner())
                .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                        .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                        .withStatement(List.of(IamPolicyResponseV1.allowStatement(stageWildcard(methodArn))))
                        .build())
                .withContext(caller.toContext())
                .build();
    }

    /**
     * {@code arn:aws:execute-api:region:account:apiId/stage/*}{@code /*} from
     * {@code arn:aws:execute-api:region:account:apiId/stage/METHOD/path}.
     */
    static String stageWildcard(String methodArn) {
        String[] parts = methodArn == null ? new String[0] : methodArn.split("/", 3);
        if (parts.length < 2 || !parts[0].startsWith("arn:") || !parts[0].contains(":execute-api:")
                || parts[1].isEmpty()) {
            throw new IllegalArgumentException("Not an execute-api method ARN");
        }
        return parts[0] + "/" + parts[1] + "/*/*";
    }
}
