package com.cordiul.provisioning;

import com.cordiul.aws.AwsClients;
import java.util.Map;

/**
 * {@code Custom::SipMediaApplication}: the stack's SIP media application, whose physical id is its
 * {@code SipMediaApplicationId}, and whose {@code Data} gives {@code Fn::GetAtt} the id and the ARN.
 */
public final class SipMediaApplicationResource implements CustomResource {

    /** The attribute of the application's id. */
    public static final String ID_ATTRIBUTE = "SipMediaApplicationId";
    /** The attribute of the application's ARN. */
    public static final String ARN_ATTRIBUTE = "SipMediaApplicationArn";

    private final SipMediaApplicationProvisioner provisioner;
    private final String functionRegion;

    /**
     * @param functionRegion the region a Delete uses when its properties are unreadable (the application of a
     *     stack whose template was broken is in the stack's region)
     */
    public SipMediaApplicationResource(SipMediaApplicationProvisioner provisioner, String functionRegion) {
        this.provisioner = provisioner;
        this.functionRegion = functionRegion;
    }

    /** The function's resource: the standard provisioner, the function's own region as the fallback. */
    public static SipMediaApplicationResource standard() {
        return new SipMediaApplicationResource(SipMediaApplicationProvisioner.standard(), AwsClients.region().id());
    }

    @Override
    public CustomResourceResponse create(CustomResourceRequest request) {
        return answer(provisioner.create(SipMediaApplicationSpec.from(request.properties(), "ResourceProperties")));
    }

    @Override
    public CustomResourceResponse update(CustomResourceRequest request) {
        SipMediaApplicationSpec wanted = SipMediaApplicationSpec.from(request.properties(), "ResourceProperties");
        SipMediaApplicationSpec old = SipMediaApplicationSpec.from(request.oldProperties(), "OldResourceProperties");
        if (CustomResourceRunner.isFailedCreate(request.physicalResourceId())) {
            return answer(provisioner.create(wanted));
        }
        return answer(provisioner.update(request.physicalResourceId(), old, wanted));
    }

    @Override
    public CustomResourceResponse delete(CustomResourceRequest request) {
        SipMediaApplicationSpec spec;
        try {
            spec = SipMediaApplicationSpec.from(request.properties(), "ResourceProperties");
        } catch (InvalidResourcePropertiesException unreadable) {
            spec = null;
        }
        String id = request.physicalResourceId();
        if (id == null || CustomResourceRunner.isFailedCreate(id)) {
            // Nothing was answered as created, but the failed attempt may have created it all the same.
            if (spec != null) {
                provisioner.deleteMatching(spec);
            }
        } else {
            provisioner.delete(id, spec != null ? spec.awsRegion() : functionRegion);
        }
        return CustomResourceResponse.success(id, Map.of());
    }

    private static CustomResourceResponse answer(SipMediaApplicationProvisioner.Provisioned sma) {
        return CustomResourceResponse.success(sma.id(), Map.of(ID_ATTRIBUTE, sma.id(), ARN_ATTRIBUTE, sma.arn()));
    }
}
