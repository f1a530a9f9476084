package com.cordiul.provisioning;

import com.cordiul.logging.InvocationFields;
import com.cordiul.logging.Log;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves CloudFormation's custom-resource protocol for one {@link CustomResource} and always answers, exactly once:
 * with the resource's own answer, with FAILED when it refuses or throws, and with FAILED shortly before the function's
 * own timeout (the watchdog: the work runs on a worker thread and gets the time Lambda's context says is left, less
 * a margin kept for the answer). Without an answer a stack would wait up to an hour.
 *
 * <p>A failed Create is answered with a physical id of its own ({@link #FAILED_CREATE_PREFIX} + the request id), so
 * that the Delete CloudFormation sends when it rolls back can tell it from a real resource. When the answer cannot
 * be delivered, {@link #run} throws, so that Lambda retries the asynchronous invocation.
 */
public final class CustomResourceRunner {

    /** The physical id of a resource whose Create failed starts with this. */
    public static final String FAILED_CREATE_PREFIX = "not-created-";
    /** The time kept from the work for delivering the answer. */
    public static final Duration STANDARD_MARGIN = Duration.ofSeconds(5);
    private static final Duration LAST_MOMENT = Duration.ofMillis(250);
    private static final byte[] NO_ANSWER = "{}".getBytes(StandardCharsets.UTF_8);

    private final CustomResource resource;
    private final ResponseUrlClient responder;
    private final Duration margin;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "custom-resource");
        t.setDaemon(true);
        return t;
    });

    /** @param margin the time kept for the answer: the work must end that long before the function's timeout */
    public CustomResourceRunner(CustomResource resource, ResponseUrlClient responder, Duration margin) {
        this.resource = resource;
        this.responder = responder;
        this.margin = margin;
    }

    /** The function's runner: the JDK's HTTP client for the answer, the standard margin. */
    public static CustomResourceRunner standard(CustomResource resource) {
        return new CustomResourceRunner(resource, ResponseUrlClient.standard(), STANDARD_MARGIN);
    }

    /** Whether the physical id is the one of a Create that failed (no resource was answered as created). */
    public static boolean isFailedCreate(String physicalResourceId) {
        return physicalResourceId != null && physicalResourceId.startsWith(FAILED_CREATE_PREFIX);
    }

    /**
     * Serves one invocation and puts its answer to the request's {@code ResponseURL}. Returns the answer's document
     * ({@code {}} for an event that cannot be answered, which is logged); throws {@link ResponseDeliveryException}
     * when the answer could not be delivered.
     */
    public byte[] run(byte[] event, Invocation invocation) {
        long started = System.nanoTime();
        CustomResourceRequest request;
        try {
            request = CustomResourceRequest.parse(event);
        } catch (UnanswerableEventException e) {
            Log.warn("custom resource event cannot be answered", "reason", e.getMessage());
            return NO_ANSWER.clone();
        }
        describe(request);
        CustomResourceResponse response = outcome(request, invocation.remaining().minus(margin), invocation);
        byte[] answer = response.toJson(request);
        Duration left = invocation.remaining().minusNanos(System.nanoTime() - started).minus(LAST_MOMENT);
        responder.put(request.responseUrl(), answer, left);
        Log.info("custom resource answered", "status", response.success() ? "SUCCESS" : "FAILED",
                "physical_id", response.physicalResourceId(), "reason", response.reason());
        return answer;
    }

    private CustomResourceResponse outcome(CustomResourceRequest request, Duration budget, Invocation invocation) {
        CustomResourceRequest.Type type = request.type();
        if (type == null) {
            return failed(request, "Unknown RequestType '" + request.requestType() + "'");
        }
        if (budget.isNegative() || budget.isZero()) {
            return failed(request, "The function had no time left for the " + request.requestType()
                    + "; give it a longer Timeout");
        }
        // The worker's lines belong to this invocation: they carry its fields (Lambda's request id, the cold start).
        InvocationFields fields = Log.invocation();
        Future<CustomResourceResponse> work = workers.submit(() -> {
            if (fields != null) {
                Log.beginInvocation(fields);
            } else {
                Log.begin(invocation.awsRequestId(), null);
            }
            describe(request);
            try {
                return switch (type) {
                    case CREATE -> resource.create(request);
                    case UPDATE -> resource.update(request);
                    case DELETE -> resource.delete(request);
                };
            } finally {
                Log.endInvocation();
            }
        });
        try {
            CustomResourceResponse response = work.get(budget.toNanos(), TimeUnit.NANOSECONDS);
            return response.physicalResourceId() != null ? response
                    : new CustomResourceResponse(response.success(), response.reason(), failedPhysicalId(request),
                            response.data());
        } catch (TimeoutException e) {
            // No further Chime request starts after this (see SipMediaApplicationProvisioner): what ran is undone by
            // the Delete of the rollback.
            work.cancel(true);
            Log.warn("custom resource did not finish in time; answering FAILED", "budget_ms", budget.toMillis());
            return failed(request, "The " + request.requestType() + " did not finish within "
                    + budget.toSeconds() + " s (the function's time less the answer's margin); see CloudWatch log "
                    + "stream " + invocation.logStreamName());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ProvisioningException refused) {
                Log.warn("custom resource request failed", "reason", refused.getMessage());
                return failed(request, refused.getMessage());
            }
            Log.error("custom resource request failed on an internal error", cause);
            return failed(request, "Internal error (" + cause.getClass().getSimpleName() + "); see CloudWatch log "
                    + "stream " + invocation.logStreamName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            work.cancel(true);
            return failed(request, "The function was interrupted");
        }
    }

    private static CustomResourceResponse failed(CustomResourceRequest request, String reason) {
        return CustomResourceResponse.failed(failedPhysicalId(request), reason);
    }

    /** A failure keeps the resource's physical id; a failed Create gets one no real resource has. */
    static String failedPhysicalId(CustomResourceRequest request) {
        String id = request.physicalResourceId();
        return id != null && !id.isBlank() ? id : FAILED_CREATE_PREFIX + request.requestId();
    }

    private static void describe(CustomResourceRequest request) {
        Log.put("cfn_request_id", request.requestId());
        Log.put("cfn_request_type", request.requestType());
        Log.put("logical_id", request.logicalResourceId());
        Log.put("physical_id", request.physicalResourceId());
        Log.put("stack_id", request.stackId());
    }
}
