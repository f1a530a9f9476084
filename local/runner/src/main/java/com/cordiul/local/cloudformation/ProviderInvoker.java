package com.cordiul.local.cloudformation;

/**
 * Runs one invocation of a provider function of the template with a request's event, as Lambda runs one attempt
 * of CloudFormation's asynchronous invoke. Any exception is a function error (an error, a timeout, a throttle),
 * after which Lambda tries the invocation again.
 */
@FunctionalInterface
public interface ProviderInvoker {

    /**
     * Invokes the function once.
     *
     * @param functionLogicalId the provider's logical id in the template
     * @param event             the request's JSON
     * @param lambdaRequestId   the invocation's Lambda request id (the same for every attempt of one invoke)
     */
    void invoke(String functionLogicalId, byte[] event, String lambdaRequestId);
}
