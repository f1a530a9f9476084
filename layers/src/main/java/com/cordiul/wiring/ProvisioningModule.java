package com.cordiul.wiring;

import com.cordiul.provisioning.CustomResourceRunner;
import com.cordiul.provisioning.SipMediaApplicationResource;

/**
 * The wiring of the SIP media application's custom-resource provider: the protocol runner over the resource, whose
 * Chime clients are built per region on first use (a region change of the resource needs a second one). The
 * provider is not published with SnapStart (it runs a few times per deploy), so nothing here is primed but the
 * class list every function module registers.
 */
public final class ProvisioningModule extends FunctionModule {

    private static ProvisioningModule instance;

    private CustomResourceRunner runner;

    private ProvisioningModule() {
    }

    /** This function instance's module, built on first use. */
    public static synchronized ProvisioningModule instance() {
        if (instance == null) {
            instance = new ProvisioningModule();
        }
        return instance;
    }

    /** Serves one CloudFormation request of the SIP media application, always answering its ResponseURL. */
    public synchronized CustomResourceRunner sipMediaApplicationRunner() {
        if (runner == null) {
            runner = CustomResourceRunner.standard(SipMediaApplicationResource.standard());
        }
        return runner;
    }
}
