package com.cordiul.local.runner;

import com.cordiul.local.cloudformation.CustomResourceFailedException;
import com.cordiul.local.cloudformation.CustomResourceProvisioner;
import com.cordiul.local.cloudformation.NoAnswerException;
import com.cordiul.local.cloudformation.StackState;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.dynalite.TemplateTables;
import com.cordiul.local.elasticmq.ElasticMq;
import com.cordiul.local.elasticmq.TemplateQueues;
import com.cordiul.local.runner.events.EventSources;
import com.cordiul.local.runner.events.InvokeResult;
import com.cordiul.stack.CustomResource;
import com.cordiul.stack.FunctionEvent;
import com.cordiul.stack.LambdaFunction;
import com.cordiul.stack.PseudoParameters;
import com.cordiul.stack.Queue;
import com.cordiul.stack.Stack;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole API on this machine, without Docker: dynalite with the stack's tables, ElasticMQ with the stack's
 * queues, the stack's functions run from their deployment artifacts in a {@link FunctionSandbox} (in-process, or a
 * JVM per instance), each bounded by its concurrency, a local API Gateway in front of them, and the event sources
 * that invoke them otherwise ({@link EventSources}: the SQS event source mappings and the schedules). The template
 * is read once, through the stack model ({@link Stack}). Used by {@code ./dev}, by the tests, and by other local
 * tools through {@link #invokeFunction}, which takes any event JSON.
 *
 * <p>{@link #startProvisioned} first provisions the stack's custom resources through their provider functions, as
 * CloudFormation would ({@link CustomResourceProvisioner}), so that every function's environment holds what they
 * answered; {@link #start} leaves their attributes at the stack model's {@code unprovisioned-...} placeholders.
 */
public final class LocalStack implements FunctionInvoker, AutoCloseable {

    /** Where, under {@link LocalOptions#stateDir}, the custom resources' CloudFormation state is kept. */
    public static final String CUSTOM_RESOURCE_STATE = "cloudformation-state.json";

    private final Dynalite dynalite;
    private final URI dynamoEndpoint;
    private final ElasticMq elasticMq;
    private final FunctionSandbox sandbox;
    private final InvocationLog log;
    private final Map<String, FunctionPool> pools = new ConcurrentHashMap<>();
    private volatile Stack stack;
    private volatile Map<String, LambdaFunction> functions;
    private volatile Map<String, Map<String, String>> environments;
    private volatile List<CustomResourceProvisioner.Outcome> provisioned = List.of();
    private final LocalOptions options;
    private final MetricsBoard metrics = new MetricsBoard();
    private final java.util.function.Consumer<String> metricsListener = metrics::accept;
    private HttpServer server;
    private ExecutorService requests;
    private EventSources eventSources;
    private volatile boolean closed;

    private LocalStack(LocalOptions options, Stack stack, Dynalite dynalite, URI dynamoEndpoint, ElasticMq elasticMq) {
        this.options = options;
        this.dynalite = dynalite;
        this.dynamoEndpoint = dynamoEndpoint;
        this.elasticMq = elasticMq;
        adopt(stack);
        this.log = new InvocationLog(options.runnerLog());
        this.sandbox = options.sandbox() == FunctionSandbox.Kind.PROCESS
                ? new ProcessSandbox(options.workDir(), RepositoryRoot.find().resolve(RUNTIME_LIB),
                        options.initTimeout())
                : new InProcessSandbox(options.workDir(), options.initTimeout());
    }

    /** Where the build leaves Lambda's runtime jars (the RIC) for the process sandbox. */
    static final String RUNTIME_LIB = "local/sandbox/target/lambda-runtime/lib";

    /**
     * Reads the stack, starts dynalite (unless given an endpoint) and, when the template declares queues, ElasticMQ
     * with them, creates the tables, serves the API and starts the event sources; the
     * custom resources are not provisioned (their attributes read {@code unprovisioned-<Resource>-<Attribute>}), as
     * befits a stack without a stand-in for what their providers manage. Each function reads its dummy credentials
     * from the environment its sandbox gives it.
     */
    public static LocalStack start(LocalOptions options) {
        return start(options, false);
    }

    /**
     * As {@link #start}, and before serving provisions every custom resource whose {@code ServiceToken} is a
     * function of the template, the way CloudFormation does, through that function: the first start sends
     * {@code Create}s, a restart with the same {@link LocalOptions#stateDir} sends only what changed. A provider's
     * {@code FAILED} answer (or none) fails the start with its reason.
     *
     * @throws CustomResourceFailedException a provider answered FAILED
     * @throws NoAnswerException             a provider never answered
     */
    public static LocalStack startProvisioned(LocalOptions options) {
        return start(options, true);
    }

    private static LocalStack start(LocalOptions options, boolean provision) {
        Stack declared = Stack.read(options.template(), options.parameterOverrides());
        Router router = new Router(routes(declared));
        Dynalite dynalite = options.dynamoEndpoint() == null
                ? Dynalite.supervised(options.dynamoDataDir(), options.dynamoPort()) : null;
        URI endpoint = dynalite != null ? dynalite.endpoint() : options.dynamoEndpoint();
        ElasticMq elasticMq = null;
        LocalStack local;
        try {
            elasticMq = startQueues(declared, options.events());
            Stack stack = elasticMq == null ? declared : declared.withQueueUrlPrefix(elasticMq.endpoint() + "/"
                    + PseudoParameters.ACCOUNT_ID);
            if (elasticMq != null) {
                requireSameQueues(stack, elasticMq);
            }
            local = new LocalStack(options, stack, dynalite, endpoint, elasticMq);
        } catch (RuntimeException e) {
            if (elasticMq != null) {
                elasticMq.close();
            }
            if (dynalite != null) {
                dynalite.close();
            }
            throw e;
        }
        try {
            local.createTables();
            if (dynalite != null) {
                // A restarted dynalite keeps its data on disk; an in-memory one comes back without tables.
                dynalite.afterRestart(local::createTables);
            }
            if (provision) {
                local.provisionCustomResources();
            } else {
                local.leaveCustomResourcesUnprovisioned();
            }
            local.serve(router);
            local.eventSources = EventSources.start(local.stack, local::concurrencyLimit, local::invokeForEvent,
                    local.log::event, local::sqs, options.events().schedules(), options.events().scheduleScale());
            return local;
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
    }

    /**
     * ElasticMQ with the template's queues, supervised as dynalite is (reported and restarted with its data when it
     * dies), or null when the template declares no queue.
     */
    private static ElasticMq startQueues(Stack stack, EventOptions events) {
        if (stack.queues().isEmpty()) {
            return null;
        }
        return ElasticMq.supervised(events.queueDataDir(), events.queuePort(), TemplateQueues.of(stack));
    }

    /** The URL ElasticMQ answers for each queue is the one {@code Ref} gives the functions. */
    private static void requireSameQueues(Stack stack, ElasticMq elasticMq) {
        for (Queue queue : stack.queues()) {
            String answered = elasticMq.queueUrl(queue.queueName());
            if (!answered.equals(queue.url())) {
                throw new IllegalStateException("ElasticMQ answers " + answered + " for queue " + queue.logicalId()
                        + ", where the stack model says " + queue.url());
            }
        }
    }

    private void createTables() {
        try (DynamoDbClient client = dynamoDb()) {
            TemplateTables.from(stack).createAll(client);
        }
    }

    /** Every {@code Type: Api} event of every function, as a route. */
    static List<Route> routes(Stack stack) {
        List<Route> routes = new ArrayList<>();
        for (LambdaFunction function : stack.functions()) {
            for (FunctionEvent.Api api : function.eventsOf(FunctionEvent.Api.class)) {
                routes.add(new Route(api.method(), api.path(), function.logicalId(), api.restApiId(),
                        api.authorizer().orElse(null)));
            }
        }
        return routes;
    }

    /** The stack model this stack serves (with its custom resources' attributes, once provisioned). */
    public Stack stack() {
        return stack;
    }

    /** What provisioning did to each custom resource, in order; empty when they were not provisioned. */
    public List<CustomResourceProvisioner.Outcome> provisioned() {
        return provisioned;
    }

    /** Also with no custom resource left in the stack: one recorded before may have left it, and gets its Delete. */
    private void provisionCustomResources() {
        StackState state = options.stateDir() == null ? StackState.inMemory()
                : StackState.in(options.stateDir().resolve(CUSTOM_RESOURCE_STATE));
        CustomResourceProvisioner.Result result = new CustomResourceProvisioner(this::invokeProvider, state,
                System.out::println).provision(stack, this::adopt);
        adopt(result.stack());
        provisioned = result.outcomes();
    }

    private void leaveCustomResourcesUnprovisioned() {
        List<String> custom = stack.customResources().stream().map(CustomResource::logicalId).toList();
        if (!custom.isEmpty()) {
            System.out.println("[cloudformation] custom resources not provisioned (a stack without a Chime "
                    + "stand-in): " + String.join(", ", custom) + "; their attributes read unprovisioned-"
                    + "<Resource>-<Attribute>");
        }
    }

    /**
     * Takes a stack model with more attributes supplied: the functions' environments are computed from it, and
     * an instance started with an environment that changed is retired (the next invocation starts a fresh one).
     */
    private synchronized void adopt(Stack next) {
        Map<String, LambdaFunction> byId = new LinkedHashMap<>();
        next.functions().forEach(f -> byId.put(f.logicalId(), f));
        Map<String, Map<String, String>> env = new LinkedHashMap<>();
        byId.values().forEach(f -> env.put(f.logicalId(), environment(f, dynamoEndpoint, options.chimeEndpoint(),
                sqsEndpoint())));
        Map<String, Map<String, String>> before = environments;
        this.stack = next;
        this.functions = Map.copyOf(byId);
        this.environments = Map.copyOf(env);
        if (before != null) {
            before.forEach((id, variables) -> {
                if (!variables.equals(env.get(id))) {
                    FunctionPool stale = pools.remove(id);
                    if (stale != null) {
                        stale.close();
                    }
                }
            });
        }
    }

    /**
     * One attempt of CloudFormation's asynchronous invoke of a provider: a function of the stack, or one the
     * template declares but its Condition now leaves out (the provider of a resource leaving the stack, invoked
     * for its Delete before it goes itself), in an instance of its own.
     */
    private void invokeProvider(String logicalId, byte[] event, String lambdaRequestId) {
        if (closed) {
            throw new IllegalStateException("The local stack is stopped");
        }
        if (functions.containsKey(logicalId)) {
            pool(logicalId).invoke(event, lambdaRequestId);
            return;
        }
        LambdaFunction leaving = stack.declaredFunction(logicalId);
        try (FunctionPool pool = new FunctionPool(leaving, sandbox, environment(leaving, dynamoEndpoint,
                options.chimeEndpoint(), sqsEndpoint()), 1, log)) {
            pool.invoke(event, lambdaRequestId);
        }
    }

    private void serve(Router router) {
        Map<String, ApiSpec> apis = new LinkedHashMap<>();
        for (Route route : routes(stack)) {
            apis.computeIfAbsent(route.apiId(), id -> ApiSpec.of(stack.restApi(id)));
        }
        ApiSpec primary = apis.isEmpty() ? ApiSpec.of(stack.restApi(Stack.IMPLICIT_API))
                : apis.values().iterator().next();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not listen on 127.0.0.1:" + options.port()
                    + " (is another ./dev running? choose another with --port)", e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        requests = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "gateway-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(requests);
        String domain = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", new Gateway(router, apis, primary, domain, this::invoke));
        server.createContext(DocsSite.PATH, new DocsSite(options.template().toAbsolutePath().getParent(), url()));
        server.createContext(MetricsPage.PATH, new MetricsPage(metrics));
        // Before any function instance starts, so that every instance's output passes the tap.
        ConsoleTap.listen(metricsListener);
        server.start();
    }

    /** Where the template's paths are served, e.g. {@code http://127.0.0.1:3000} (the API is under /api). */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The metrics the functions emitted so far, as CloudWatch would extract them ({@code /_local/metrics}). */
    public MetricsBoard metrics() {
        return metrics;
    }

    /** The DynamoDB endpoint the functions use. */
    public URI dynamoDbEndpoint() {
        return dynamoEndpoint;
    }

    /** The SQS endpoint the functions get as {@code SQS_ENDPOINT} (ElasticMQ), or null when there is no queue. */
    public URI sqsEndpoint() {
        return elasticMq == null ? null : elasticMq.endpoint();
    }

    /** ElasticMQ, holding the template's queues (e.g. to stop it in a fault test), or null without queues. */
    public ElasticMq elasticMq() {
        return elasticMq;
    }

    /** An SQS client on ElasticMQ (dummy credentials); the caller closes it. */
    public SqsClient sqs() {
        if (elasticMq == null) {
            throw new IllegalStateException("The template declares no queue: no ElasticMQ runs");
        }
        return elasticMq.client();
    }

    /** A queue's URL, by logical id (what {@code Ref} gives the functions). */
    public String queueUrl(String queueId) {
        return stack.queue(queueId).url();
    }

    /** The SQS event source mappings and the schedules the stack runs. */
    public EventSources eventSources() {
        return eventSources;
    }

    /**
     * Waits until a queue (by logical id) is drained: no message visible, in flight or delayed, and no batch of it
     * being invoked by its event source mapping.
     *
     * @throws IllegalStateException when it is not drained in time (what is left is in the message)
     */
    public void awaitQueueDrained(String queueId, Duration timeout) throws InterruptedException {
        eventSources.awaitDrained(stack.queue(queueId), timeout);
    }

    /** A DynamoDB client on the functions' endpoint (dummy credentials); the caller closes it. */
    public DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().endpointOverride(dynamoEndpoint).region(Region.of(PseudoParameters.REGION))
                .credentialsProvider(Dynalite.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The logical ids of the template's functions. */
    public List<String> functionIds() {
        return List.copyOf(functions.keySet());
    }

    /** The environment a function's instances get: the template's variables plus Lambda's and the local ones. */
    public Map<String, String> environment(String logicalId) {
        Map<String, String> environment = environments.get(logicalId);
        if (environment == null) {
            throw new IllegalArgumentException("The template has no function " + logicalId);
        }
        return environment;
    }

    @Override
    public String invokeFunction(String logicalId, String eventJson) {
        byte[] out = invoke(logicalId, eventJson.getBytes(StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    /** How many instances of the function were started so far. */
    int instancesStarted(String logicalId) {
        FunctionPool pool = pools.get(logicalId);
        return pool == null ? 0 : pool.instancesStarted();
    }

    /** A function's concurrency limit: its {@code ReservedConcurrentExecutions}, or the local default. */
    public int concurrencyLimit(String logicalId) {
        LambdaFunction function = function(logicalId);
        return function.reservedConcurrency().orElse(options.concurrency());
    }

    /** The sandbox the functions run in. */
    public FunctionSandbox.Kind sandbox() {
        return options.sandbox();
    }

    /** An invocation by an event source: how it went, never an exception. */
    private InvokeResult invokeForEvent(String logicalId, byte[] event, String requestId) {
        try {
            return new InvokeResult.Succeeded(invoke(logicalId, event, requestId));
        } catch (FunctionThrottledException e) {
            return new InvokeResult.Throttled(e.getMessage());
        } catch (LambdaInvocationException e) {
            return new InvokeResult.Failed(e.errorType(), e.errorMessage(), e.timedOut());
        } catch (IllegalStateException e) {
            if (closed) {
                return new InvokeResult.Stopped(e.getMessage());
            }
            throw e;
        }
    }

    /** One invocation, with a fresh Lambda request id (API Gateway's request id is another one). */
    private byte[] invoke(String logicalId, byte[] event) {
        return invoke(logicalId, event, UUID.randomUUID().toString());
    }

    private byte[] invoke(String logicalId, byte[] event, String requestId) {
        if (closed) {
            throw new IllegalStateException("The local stack is stopped");
        }
        return pool(logicalId).invoke(event, requestId);
    }

    private FunctionPool pool(String logicalId) {
        LambdaFunction function = function(logicalId);
        return pools.computeIfAbsent(logicalId, id -> new FunctionPool(function, sandbox, environments.get(id),
                concurrencyLimit(id), log));
    }

    private LambdaFunction function(String logicalId) {
        LambdaFunction function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("The template has no function " + logicalId);
        }
        return function;
    }

    /** The variables Lambda sets, over the template's own, plus the endpoints of DynamoDB and Chime. */
    static Map<String, String> environment(LambdaFunction function, URI dynamoEndpoint, URI chimeEndpoint) {
        return environment(function, dynamoEndpoint, chimeEndpoint, null);
    }

    /**
     * The variables Lambda sets, over the template's own, plus the endpoints of the local stand-ins:
     * {@code DYNAMODB_ENDPOINT}, {@code CHIME_ENDPOINT} and {@code SQS_ENDPOINT} (those that run).
     */
    static Map<String, String> environment(LambdaFunction function, URI dynamoEndpoint, URI chimeEndpoint,
                                           URI sqsEndpoint) {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        env.put("AWS_REGION", PseudoParameters.REGION);
        env.put("AWS_DEFAULT_REGION", PseudoParameters.REGION);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", logGroup(function));
        JsonNode logging = function.properties().path("LoggingConfig");
        if ("JSON".equals(logging.path("LogFormat").asText())) {
            // What Lambda's advanced logging controls set: the function honours the level itself.
            env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
            env.put("AWS_LAMBDA_LOG_LEVEL", logging.path("ApplicationLogLevel").asText("INFO"));
        }
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("_HANDLER", function.handler());
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("DYNAMODB_ENDPOINT", dynamoEndpoint.toString());
        if (chimeEndpoint != null) {
            env.put("CHIME_ENDPOINT", chimeEndpoint.toString());
        }
        if (sqsEndpoint != null) {
            env.put("SQS_ENDPOINT", sqsEndpoint.toString());
        }
        return env;
    }

    /** The function's log group: its {@code LoggingConfig.LogGroup}, or the one Lambda would make. */
    static String logGroup(LambdaFunction function) {
        JsonNode group = function.properties().path("LoggingConfig").path("LogGroup");
        return group.isTextual() && !group.asText().isBlank() ? group.asText()
                : "/aws/lambda/" + function.functionName();
    }

    /** Stops the event sources and serving, retires every function instance, stops ElasticMQ and dynalite. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (eventSources != null) {
            eventSources.close();
        }
        ConsoleTap.stop(metricsListener);
        if (server != null) {
            server.stop(0);
        }
        if (requests != null) {
            requests.shutdownNow();
        }
        pools.values().forEach(FunctionPool::close);
        sandbox.close();
        if (elasticMq != null) {
            elasticMq.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }
}
