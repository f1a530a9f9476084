package com.cordiul.provisioning;

/**
 * What a custom resource does for each request type. Every method answers with the response to send or throws a
 * {@link ProvisioningException} (any other exception is reported as an internal error); {@link CustomResourceRunner}
 * sends the answer, also when these throw or run out of time.
 */
public interface CustomResource {

    /** Creates the resource (a resent Create must not create a second one). */
    CustomResourceResponse create(CustomResourceRequest request);

    /** Updates the resource; a new physical id replaces it (CloudFormation then deletes the old one). */
    CustomResourceResponse update(CustomResourceRequest request);

    /**
     * Deletes the resource; a resource already gone is success, and so is the physical id a failed Create was
     * answered with ({@link CustomResourceRunner#isFailedCreate}).
     */
    CustomResourceResponse delete(CustomResourceRequest request);
}
