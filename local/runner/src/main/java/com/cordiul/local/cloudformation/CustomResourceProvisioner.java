package com.cordiul.local.cloudformation;

import com.cordiul.stack.CustomResource;
import com.cordiul.stack.PseudoParameters;
import com.cordiul.stack.Stack;
import com.cordiul.stack.TemplateException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Provisions a stack's custom resources on this machine the way CloudFormation does, so that the local stack takes
 * the same path as a deployed one: every custom resource whose {@code ServiceToken} is a function of the template,
 * in dependency order ({@link Stack#dependencies}), gets the request CloudFormation would send ({@link
 * ProviderRequest}), its provider is invoked with Lambda's asynchronous semantics (a failed invocation is tried
 * twice more), and its answer is read from a local {@code ResponseURL} ({@link ResponseUrls}). What it answers
 * ({@code Data} and the physical id) is handed to the stack model ({@link Stack#withAttributes}) before the next
 * resource, and to whoever computes the functions' environments.
 *
 * <p>As CloudFormation, it remembers each resource ({@link StackState}): a resource it has no record of gets a
 * {@code Create}; one whose properties are unchanged gets nothing; one whose properties changed gets an
 * {@code Update} with {@code OldResourceProperties}, and when the answer carries a new physical id, the old one gets
 * a {@code Delete} once everything else is done; a resource that left the stack (removed, or its {@code Condition}
 * now false) gets a {@code Delete} too. A {@code FAILED} answer stops everything with its reason ({@link
 * CustomResourceFailedException}; a failed {@code Create} is rolled back with a {@code Delete} of the physical id it
 * answered); no answer stops it too ({@link NoAnswerException}). A failed cleanup {@code Delete} is reported and
 * forgotten, as CloudFormation's cleanup does.
 */
public final class CustomResourceProvisioner {

    /** What was done to a resource. */
    public enum Action {
        /** A {@code Create} was answered SUCCESS. */
        CREATED,
        /** An {@code Update} was answered SUCCESS, same physical id. */
        UPDATED,
        /** An {@code Update} was answered with a new physical id; the old one got a {@code Delete}. */
        REPLACED,
        /** Its properties had not changed: nothing was sent. */
        UNCHANGED,
        /** A {@code Delete} was sent: it left the stack, or an {@code Update} replaced it. */
        DELETED,
        /** Its {@code ServiceToken} is no function of the template: nothing local can provision it. */
        NOT_PROVISIONED
    }

    /**
     * What was done to one resource.
     *
     * @param logicalId          the resource
     * @param action             what was done
     * @param physicalResourceId its physical id (for {@link Action#DELETED}, the deleted one), or null
     * @param serviceFunction    its provider function, or null
     */
    public record Outcome(String logicalId, Action action, String physicalResourceId, String serviceFunction) {
    }

    /**
     * The stack with every provisioned resource's attributes, and what was done, in order.
     *
     * @param stack    the stack model, {@link Stack#withAttributes} of every provisioned resource
     * @param outcomes what was done to each resource
     */
    public record Result(Stack stack, List<Outcome> outcomes) {
    }

    /** CloudFormation's wait for an answer when a resource sets no {@code ServiceTimeout}. */
    static final Duration DEFAULT_SERVICE_TIMEOUT = Duration.ofHours(1);
    /** Lambda waits about 1 and 2 minutes before its two retries of a failed asynchronous invoke; locally, seconds. */
    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2));
    /** How long an answer still on its way may take once the last attempt of the invoke has ended. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private final ProviderInvoker invoker;
    private final StackState state;
    private final Consumer<String> log;
    private final List<Duration> retryDelays;

    /** @param log where each step is told, one line each */
    public CustomResourceProvisioner(ProviderInvoker invoker, StackState state, Consumer<String> log) {
        this(invoker, state, log, RETRY_DELAYS);
    }

    CustomResourceProvisioner(ProviderInvoker invoker, StackState state, Consumer<String> log,
                              List<Duration> retryDelays) {
        this.invoker = invoker;
        this.state = state;
        this.log = log;
        this.retryDelays = List.copyOf(retryDelays);
    }

    /** The resource an operation is for: its id, its type and the provider function that serves it. */
    private record Target(String logicalId, String resourceType, String serviceFunction) {
    }

    /**
     * Provisions every custom resource of the stack; {@code progress} gets the stack model after each resource
     * that answered, so that what is computed from it (a later provider's environment) sees its attributes.
     */
    public Result provision(Stack stack, Consumer<Stack> progress) {
        List<Outcome> outcomes = new ArrayList<>();
        Stack current = stack;
        ExecutorService attempts = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cloudformation-invoke");
            t.setDaemon(true);
            return t;
        });
        try (ResponseUrls urls = ResponseUrls.start()) {
            Set<String> provided = new LinkedHashSet<>();
            for (String id : order(stack)) {
                CustomResource resource = current.customResource(id);
                if (resource.serviceFunction().isEmpty()) {
                    say(id + ": its ServiceToken " + resource.serviceToken() + " is no function of the template; "
                            + "not provisioned (Fn::GetAtt of it reads unprovisioned-" + id + "-<Attribute>)");
                    outcomes.add(new Outcome(id, Action.NOT_PROVISIONED, null, null));
                    continue;
                }
                provided.add(id);
                outcomes.add(provisionOne(urls, attempts, resource));
                current = current.withAttributes(id, attributes(state.get(id).orElseThrow()));
                progress.accept(current);
            }
            settleOwedDeletes(urls, attempts, outcomes);
            deleteLeavers(urls, attempts, provided, outcomes);
        } finally {
            attempts.shutdown();
        }
        return new Result(current, List.copyOf(outcomes));
    }

    /** The custom resources, each after every resource it waits for (directly or not). */
    static List<String> order(Stack stack) {
        List<String> custom = stack.customResources().stream().map(CustomResource::logicalId).toList();
        List<String> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String id : custom) {
            visit(stack, id, new LinkedHashSet<>(), done, custom, ordered);
        }
        return ordered;
    }

    private static void visit(Stack stack, String id, Set<String> path, Set<String> done, List<String> custom,
                              List<String> ordered) {
        if (done.contains(id)) {
            return;
        }
        if (!path.add(id)) {
            throw new TemplateException("Circular dependency between resources: " + String.join(" -> ", path)
                    + " -> " + id);
        }
        for (String dependency : stack.dependencies(id)) {
            visit(stack, dependency, path, done, custom, ordered);
        }
        path.remove(id);
        done.add(id);
        if (custom.contains(id)) {
            ordered.add(id);
        }
    }

    private Outcome provisionOne(ResponseUrls urls, ExecutorService attempts, CustomResource resource) {
        String id = resource.logicalId();
        Target target = new Target(id, resource.type(), resource.serviceFunction().orElseThrow());
        ObjectNode properties = ProviderRequest.resourceProperties(resource);
        Optional<StackState.Recorded> recorded = state.get(id);
        if (recorded.isEmpty()) {
            return create(urls, attempts, target, properties);
        }
        StackState.Recorded old = recorded.get();
        if (!old.resourceType().equals(target.resourceType())) {
            throw new CustomResourceFailedException(id, target.resourceType(), ProviderRequest.UPDATE,
                    "Update of resource type is not permitted (" + old.resourceType() + " to "
                            + target.resourceType() + ")");
        }
        if (!old.properties().path("ServiceToken").equals(properties.path("ServiceToken"))) {
            throw new CustomResourceFailedException(id, target.resourceType(), ProviderRequest.UPDATE,
                    "Modifying service token is not allowed.");
        }
        if (old.properties().equals(properties)) {
            say(id + ": unchanged (physical id " + old.physicalResourceId() + "); nothing sent");
            return new Outcome(id, Action.UNCHANGED, old.physicalResourceId(), target.serviceFunction());
        }
        ProviderAnswer answer = send(urls, attempts, target, ProviderRequest.UPDATE, old.physicalResourceId(),
                properties, old.properties());
        if (!answer.success()) {
            throw new CustomResourceFailedException(id, target.resourceType(), ProviderRequest.UPDATE,
                    answer.reason());
        }
        boolean replaced = !answer.physicalResourceId().equals(old.physicalResourceId());
        state.put(id, new StackState.Recorded(target.resourceType(), target.serviceFunction(),
                answer.physicalResourceId(), properties, answer.data()), ProviderRequest.UPDATE,
                replaced ? new StackState.PendingDelete(id, old) : null);
        return new Outcome(id, replaced ? Action.REPLACED : Action.UPDATED, answer.physicalResourceId(),
                target.serviceFunction());
    }

    private Outcome create(ResponseUrls urls, ExecutorService attempts, Target target, ObjectNode properties) {
        ProviderAnswer answer = send(urls, attempts, target, ProviderRequest.CREATE, null, properties, null);
        if (!answer.success()) {
            if (answer.physicalResourceId() != null) {
                // The rollback of a failed Create: its provider may have made something all the same.
                say(target.logicalId() + ": rolling the failed Create back");
                deleteQuietly(urls, attempts, target, answer.physicalResourceId(), properties);
            }
            throw new CustomResourceFailedException(target.logicalId(), target.resourceType(),
                    ProviderRequest.CREATE, answer.reason());
        }
        state.put(target.logicalId(), new StackState.Recorded(target.resourceType(), target.serviceFunction(),
                answer.physicalResourceId(), properties, answer.data()), ProviderRequest.CREATE, null);
        return new Outcome(target.logicalId(), Action.CREATED, answer.physicalResourceId(), target.serviceFunction());
    }

    /** The deletes the Updates owe (a resource replaced under a new physical id), as CloudFormation's cleanup. */
    private void settleOwedDeletes(ResponseUrls urls, ExecutorService attempts, List<Outcome> outcomes) {
        for (StackState.PendingDelete owed : state.pendingDeletes()) {
            StackState.Recorded old = owed.replaced();
            Target target = new Target(owed.logicalId(), old.resourceType(), old.serviceFunction());
            deleteQuietly(urls, attempts, target, old.physicalResourceId(), old.properties());
            state.settled(owed);
            outcomes.add(new Outcome(owed.logicalId(), Action.DELETED, old.physicalResourceId(),
                    old.serviceFunction()));
        }
    }

    /** Resources recorded before that are no longer in the stack: a Delete each, the newest first. */
    private void deleteLeavers(ResponseUrls urls, ExecutorService attempts, Set<String> provided,
                               List<Outcome> outcomes) {
        List<String> recorded = new ArrayList<>(state.logicalIds());
        Collections.reverse(recorded);
        for (String id : recorded) {
            if (provided.contains(id)) {
                continue;
            }
            StackState.Recorded old = state.get(id).orElseThrow();
            say(id + ": no longer in the stack; deleting it");
            deleteQuietly(urls, attempts, new Target(id, old.resourceType(), old.serviceFunction()),
                    old.physicalResourceId(), old.properties());
            state.remove(id);
            outcomes.add(new Outcome(id, Action.DELETED, old.physicalResourceId(), old.serviceFunction()));
        }
    }

    /** A Delete whose failure is reported, not raised: CloudFormation's cleanup and rollback go on. */
    private void deleteQuietly(ResponseUrls urls, ExecutorService attempts, Target target, String physicalId,
                               ObjectNode properties) {
        try {
            ProviderAnswer answer = send(urls, attempts, target, ProviderRequest.DELETE, physicalId, properties,
                    null);
            if (!answer.success()) {
                say(target.logicalId() + ": Delete of " + physicalId + " FAILED (" + answer.reason()
                        + "); left as it is");
            }
        } catch (NoAnswerException e) {
            say(target.logicalId() + ": Delete of " + physicalId + " got no answer (" + e.getMessage()
                    + "); left as it is");
        }
    }

    /** Sends one request and waits for its answer on the ResponseURL. */
    private ProviderAnswer send(ResponseUrls urls, ExecutorService attempts, Target target, String requestType,
                                String physicalId, ObjectNode properties, ObjectNode oldProperties) {
        String requestId = UUID.randomUUID().toString();
        ResponseUrls.Issued url = urls.issue(PseudoParameters.STACK_ID, target.logicalId(), requestId);
        ProviderRequest request = new ProviderRequest(requestType, requestId, target.logicalId(),
                target.resourceType(), properties.path("ServiceToken").asText(), url.url(), physicalId, properties,
                oldProperties);
        say(target.logicalId() + ": " + requestType + (physicalId == null ? "" : " of " + physicalId)
                + " sent to " + target.serviceFunction() + " (request " + requestId + ")");
        try {
            ProviderAnswer answer = ProviderAnswer.read(awaitAnswer(attempts, url, request, target), request);
            say(target.logicalId() + ": " + requestType + " " + (answer.success() ? "SUCCESS" : "FAILED")
                    + (answer.physicalResourceId() == null ? "" : ", physical id " + answer.physicalResourceId())
                    + (answer.reason().isEmpty() ? "" : ": " + answer.reason()));
            return answer;
        } finally {
            urls.retire(url);
        }
    }

    /**
     * Invokes the provider as Lambda runs an asynchronous invoke (an attempt, then up to two retries of a failed
     * one) and waits for the answer: at most the resource's {@code ServiceTimeout}, and only briefly once the last
     * attempt has ended without one.
     */
    private byte[] awaitAnswer(ExecutorService attempts, ResponseUrls.Issued url, ProviderRequest request,
                               Target target) {
        Duration timeout = serviceTimeout(request.properties());
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicReference<RuntimeException> lastFailure = new AtomicReference<>();
        AtomicBoolean returned = new AtomicBoolean();
        byte[] event = request.toJson();
        String lambdaRequestId = UUID.randomUUID().toString();
        CompletableFuture<Void> invoke = CompletableFuture.runAsync(() -> returned.set(invokeWithRetries(target,
                event, lambdaRequestId, url.answer(), lastFailure)), attempts);
        try {
            CompletableFuture.anyOf(url.answer(), invoke).get(left(deadline), TimeUnit.NANOSECONDS);
            if (!url.answer().isDone()) {
                url.answer().get(Math.min(GRACE.toNanos(), left(deadline)), TimeUnit.NANOSECONDS);
            }
            byte[] answer = url.answer().get();
            finish(invoke, deadline);
            return answer;
        } catch (TimeoutException e) {
            throw new NoAnswerException(silence(target, request, timeout, invoke.isDone(), returned.get(),
                    lastFailure.get()), lastFailure.get());
        } catch (ExecutionException e) {
            throw new IllegalStateException("The invoke of " + target.serviceFunction() + " for "
                    + target.logicalId() + " broke", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswerException(target.logicalId() + ": interrupted while waiting for its answer", null);
        }
    }

    /**
     * Lets the invocation that answered return (a provider answers just before it does), within the request's
     * time: the next request then finds its instance idle, and nothing is cut off mid-way when provisioning ends.
     */
    private static void finish(CompletableFuture<Void> invoke, long deadline) throws InterruptedException {
        try {
            invoke.get(left(deadline), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // The answer is in: how its invocation ends changes nothing (a failure was logged by the runner).
        }
    }

    /** The attempts of one asynchronous invoke; true when one returned, false when every one failed. */
    private boolean invokeWithRetries(Target target, byte[] event, String lambdaRequestId,
                                      CompletableFuture<byte[]> answer, AtomicReference<RuntimeException> failure) {
        for (int attempt = 0; attempt <= retryDelays.size(); attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(retryDelays.get(attempt - 1).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (answer.isDone()) {
                    return false;
                }
                say(target.logicalId() + ": retrying the invoke of " + target.serviceFunction() + " (attempt "
                        + (attempt + 1) + " of " + (retryDelays.size() + 1) + ", as Lambda retries a failed "
                        + "asynchronous invoke)");
            }
            try {
                invoker.invoke(target.serviceFunction(), event, lambdaRequestId);
                return true;
            } catch (RuntimeException e) {
                failure.set(e);
                if (answer.isDone()) {
                    return false;
                }
            }
        }
        return false;
    }

    private String silence(Target target, ProviderRequest request, Duration timeout, boolean ended,
                           boolean returned, RuntimeException lastFailure) {
        String what = target.logicalId() + " (" + target.resourceType() + "): " + request.requestType()
                + " got no answer on its ResponseURL: ";
        if (!ended) {
            return what + target.serviceFunction() + " did not answer within the ServiceTimeout of "
                    + timeout.toSeconds() + " s";
        }
        if (returned) {
            return what + target.serviceFunction() + " returned without answering; CloudFormation would fail the "
                    + "resource once its ServiceTimeout (" + timeout.toSeconds() + " s) ran out";
        }
        return what + "every attempt of the invoke of " + target.serviceFunction() + " failed ("
                + (retryDelays.size() + 1) + ", Lambda's retries included), the last with: "
                + (lastFailure == null ? "no error" : lastFailure.getMessage());
    }

    /** {@code ServiceTimeout} (1-3600 s, as a string), or CloudFormation's hour. */
    static Duration serviceTimeout(ObjectNode properties) {
        try {
            int seconds = Integer.parseInt(properties.path("ServiceTimeout").asText("").trim());
            if (seconds >= 1 && seconds <= 3600) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // Not set, or not a number: CloudFormation's default.
        }
        return DEFAULT_SERVICE_TIMEOUT;
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** What {@code Ref} and {@code Fn::GetAtt} of the resource give: its physical id and its {@code Data}. */
    private static Map<String, String> attributes(StackState.Recorded recorded) {
        Map<String, String> attributes = new LinkedHashMap<>(recorded.data());
        attributes.put("", recorded.physicalResourceId());
        return attributes;
    }

    private void say(String line) {
        log.accept("[cloudformation] " + line);
    }
}
