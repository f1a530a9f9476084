package com.cordiul.provisioning;

import com.cordiul.aws.AwsClients;
import com.cordiul.chime.ThrottleRetry;
import com.cordiul.logging.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.ListSipMediaApplicationsResponse;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.SipMediaApplication;
import software.amazon.awssdk.services.chimesdkvoice.model.SipMediaApplicationEndpoint;
import software.amazon.awssdk.services.chimesdkvoice.model.ThrottledClientException;

/**
 * Creates, updates and deletes a stack's SIP media application with Chime SDK Voice, each operation safe to repeat:
 * CloudFormation may resend a request and Lambda retries a failed asynchronous invocation.
 *
 * <ul>
 *   <li>Create first looks for an application that is already this one (same region, name and endpoint: the
 *       endpoint is the stack's own function alias) and adopts it, so a repeated Create never makes a second one.
 *   <li>Update renames and repoints in place; a change of region (or an application gone meanwhile) makes a new
 *       one, whose new id tells CloudFormation to delete the old.
 *   <li>Delete of an application already gone succeeds.
 * </ul>
 * Each region has its own client (an application lives in one region, with a function of that region). Only
 * throttling, which Chime did not process, is retried.
 */
public final class SipMediaApplicationProvisioner {

    /** What the stack gets back: the application's id (the physical id) and ARN. */
    public record Provisioned(String id, String arn) {
    }

    private static final int PAGE = 100;

    private final Function<String, ChimeSdkVoiceClient> clients;
    private final ThrottleRetry retry;

    /** @param clientForRegion the Chime client of a region; called once per region and kept */
    public SipMediaApplicationProvisioner(Function<String, ChimeSdkVoiceClient> clientForRegion, ThrottleRetry retry) {
        Map<String, ChimeSdkVoiceClient> cache = new ConcurrentHashMap<>();
        this.clients = region -> cache.computeIfAbsent(region, clientForRegion);
        this.retry = retry;
    }

    /** The provisioner of a function: the layer's Chime clients, the standard throttling retry. */
    public static SipMediaApplicationProvisioner standard() {
        return new SipMediaApplicationProvisioner(region -> AwsClients.chimeSdkVoice(Region.of(region)),
                ThrottleRetry.standard());
    }

    /** Creates the application, or adopts the one an earlier attempt of the same request made. */
    public Provisioned create(SipMediaApplicationSpec spec) {
        Optional<SipMediaApplication> existing = matching(spec).stream().findFirst();
        if (existing.isPresent()) {
            Log.info("sip media application already exists; adopted", "sma_id",
                    existing.get().sipMediaApplicationId(), "region", spec.awsRegion());
            return provisioned(existing.get());
        }
        SipMediaApplication created = call("CreateSipMediaApplication", () -> client(spec.awsRegion())
                .createSipMediaApplication(b -> b.awsRegion(spec.awsRegion()).name(spec.name())
                        .endpoints(endpoint(spec))).sipMediaApplication());
        Log.info("sip media application created", "sma_id", created.sipMediaApplicationId(),
                "region", spec.awsRegion());
        return provisioned(created);
    }

    /** Updates the application in place, or replaces it when the region changes or it is gone. */
    public Provisioned update(String id, SipMediaApplicationSpec old, SipMediaApplicationSpec wanted) {
        if (!old.awsRegion().equals(wanted.awsRegion())) {
            Log.info("sip media application moves region; a new one replaces it", "sma_id", id,
                    "from", old.awsRegion(), "to", wanted.awsRegion());
            return create(wanted);
        }
        try {
            SipMediaApplication updated = call("UpdateSipMediaApplication", () -> client(wanted.awsRegion())
                    .updateSipMediaApplication(b -> b.sipMediaApplicationId(id).name(wanted.name())
                            .endpoints(endpoint(wanted))).sipMediaApplication());
            Log.info("sip media application updated", "sma_id", id);
            return provisioned(updated);
        } catch (NotFoundException gone) {
            Log.warn("sip media application to update is gone; creating a new one", "sma_id", id);
            return create(wanted);
        }
    }

    /** Deletes the application; one already gone is success. */
    public void delete(String id, String awsRegion) {
        try {
            call("DeleteSipMediaApplication", () -> client(awsRegion)
                    .deleteSipMediaApplication(b -> b.sipMediaApplicationId(id)));
            Log.info("sip media application deleted", "sma_id", id, "region", awsRegion);
        } catch (NotFoundException gone) {
            Log.info("sip media application already gone", "sma_id", id, "region", awsRegion);
        }
    }

    /**
     * Deletes every application that is this one: what a Create that then failed (or timed out) may have left behind.
     * Returns how many there were.
     */
    public int deleteMatching(SipMediaApplicationSpec spec) {
        List<SipMediaApplication> left = matching(spec);
        for (SipMediaApplication sma : left) {
            delete(sma.sipMediaApplicationId(), spec.awsRegion());
        }
        return left.size();
    }

    private List<SipMediaApplication> matching(SipMediaApplicationSpec spec) {
        List<SipMediaApplication> found = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListSipMediaApplicationsResponse page = call("ListSipMediaApplications", () ->
                    client(spec.awsRegion()).listSipMediaApplications(b -> b.maxResults(PAGE).nextToken(next)));
            for (SipMediaApplication sma : page.sipMediaApplications()) {
                String arn = sma.endpoints().isEmpty() ? null : sma.endpoints().get(0).lambdaArn();
                if (spec.describes(sma.awsRegion(), sma.name(), arn)) {
                    found.add(sma);
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return found;
    }

    /** Runs one operation, retrying throttling; NotFoundException passes through for the caller to decide. */
    private <T> T call(String operation, Supplier<T> request) {
        for (int attempt = 1; ; attempt++) {
            if (Thread.currentThread().isInterrupted()) {
                // The watchdog already answered FAILED: starting a Create now would leave what nobody deletes.
                throw new ChimeUnreachableException(operation, new InterruptedException("the answer was given"));
            }
            try {
                return request.get();
            } catch (NotFoundException e) {
                throw e;
            } catch (ThrottledClientException e) {
                if (attempt >= retry.maxAttempts()) {
                    throw refused(operation, e);
                }
                pause(attempt, operation);
            } catch (AwsServiceException e) {
                throw refused(operation, e);
            } catch (SdkException e) {
                throw new ChimeUnreachableException(operation, e);
            }
        }
    }

    private void pause(int attempt, String operation) {
        try {
            retry.sleeper().sleep(retry.delayBeforeRetry().apply(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChimeUnreachableException(operation, e);
        }
    }

    private static SipMediaApplicationRefusedException refused(String operation, AwsServiceException e) {
        String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return new SipMediaApplicationRefusedException(operation, e.statusCode(), code, message);
    }

    private ChimeSdkVoiceClient client(String region) {
        return clients.apply(region);
    }

    private static SipMediaApplicationEndpoint endpoint(SipMediaApplicationSpec spec) {
        return SipMediaApplicationEndpoint.builder().lambdaArn(spec.lambdaArn()).build();
    }

    private static Provisioned provisioned(SipMediaApplication sma) {
        return new Provisioned(sma.sipMediaApplicationId(), sma.sipMediaApplicationArn());
    }
}
