package com.cordiul.local.runner;

import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.TemplateTables;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

/**
 * The whole API on this machine, without Docker: dynalite with the template's tables, the template's functions
 * loaded from their deployment artifacts (each instance in its own class loader), and a local API Gateway in front
 * of them. Used by {@code ./dev}, by the tests, and by other local tools through {@link #invokeFunction}.
 */
public final class LocalStack implements FunctionInvoker, AutoCloseable {

    private final Dynalite dynalite;
    private final URI dynamoEndpoint;
    private final Artifacts artifacts;
    private final Map<String, FunctionSpec> functions;
    private final Map<String, Map<String, String>> environments;
    private final Map<String, FunctionPool> pools = new ConcurrentHashMap<>();
    private final LocalOptions options;
    private HttpServer server;
    private ExecutorService requests;
    private volatile boolean closed;

    private LocalStack(LocalOptions options, Dynalite dynalite, URI dynamoEndpoint,
                       Map<String, FunctionSpec> functions) {
        this.options = options;
        this.dynalite = dynalite;
        this.dynamoEndpoint = dynamoEndpoint;
        this.functions = functions;
        this.artifacts = new Artifacts(options.workDir());
        Map<String, Map<String, String>> env = new LinkedHashMap<>();
        functions.values().forEach(f -> env.put(f.logicalId(), environment(f, dynamoEndpoint,
                options.chimeEndpoint())));
        this.environments = Map.copyOf(env);
    }

    /**
     * Reads the template, starts dynalite (unless given an endpoint), creates the tables and serves the API.
     * Each function reads its dummy credentials from the environment installed in its class loader.
     */
    public static LocalStack start(LocalOptions options) {
        Template template = Template.read(options.template(), options.parameterOverrides());
        Map<String, FunctionSpec> functions = new LinkedHashMap<>();
        template.functionIds().forEach(id -> functions.put(id, template.function(id)));
        Router router = new Router(template.routes());
        Dynalite dynalite = options.dynamoEndpoint() == null
                ? Dynalite.supervised(options.dynamoDataDir(), options.dynamoPort()) : null;
        URI endpoint = dynalite != null ? dynalite.endpoint() : options.dynamoEndpoint();
        LocalStack stack = new LocalStack(options, dynalite, endpoint, functions);
        try {
            stack.createTables();
            if (dynalite != null) {
                // A restarted dynalite keeps its data on disk; an in-memory one comes back without tables.
                dynalite.afterRestart(stack::createTables);
            }
            stack.serve(template, router);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void createTables() {
        try (DynamoDbClient client = dynamoDb()) {
            TemplateTables.read(options.template()).createAll(client);
        }
    }

    private void serve(Template template, Router router) {
        Map<String, ApiSpec> apis = new LinkedHashMap<>();
        for (Route route : template.routes()) {
            apis.computeIfAbsent(route.apiId(), template::api);
        }
        ApiSpec primary = apis.isEmpty() ? template.api(Template.IMPLICIT_API) : apis.values().iterator().next();
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
        server.start();
    }

    /** Where the template's paths are served, e.g. {@code http://127.0.0.1:3000} (the API is under /api). */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The DynamoDB endpoint the functions use. */
    public URI dynamoDbEndpoint() {
        return dynamoEndpoint;
    }

    /** A DynamoDB client on the functions' endpoint (dummy credentials); the caller closes it. */
    public DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().endpointOverride(dynamoEndpoint).region(Region.of(Template.REGION))
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

    /** How many instances of the function were started so far (each in its own class loader). */
    int instancesStarted(String logicalId) {
        FunctionPool pool = pools.get(logicalId);
        return pool == null ? 0 : pool.instancesStarted();
    }

    /** One invocation, with a fresh Lambda request id (API Gateway's request id is another one). */
    private byte[] invoke(String logicalId, byte[] event) {
        if (closed) {
            throw new IllegalStateException("The local stack is stopped");
        }
        FunctionSpec function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("The template has no function " + logicalId);
        }
        return pools.computeIfAbsent(logicalId, id -> new FunctionPool(function,
                () -> artifacts.classPath(function), environments.get(id), options.initTimeout()))
                .invoke(event, UUID.randomUUID().toString());
    }

    /** The variables Lambda sets, over the template's own, plus the endpoints of the local stand-ins. */
    static Map<String, String> environment(FunctionSpec function, URI dynamoEndpoint, URI chimeEndpoint) {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        env.put("AWS_REGION", Template.REGION);
        env.put("AWS_DEFAULT_REGION", Template.REGION);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.logicalId());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        env.put("_HANDLER", function.handler());
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("DYNAMODB_ENDPOINT", dynamoEndpoint.toString());
        if (chimeEndpoint != null) {
            env.put("CHIME_ENDPOINT", chimeEndpoint.toString());
        }
        return env;
    }

    /** Stops serving, retires every function instance and stops dynalite (its data on disk stays). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.stop(0);
        }
        if (requests != null) {
            requests.shutdownNow();
        }
        pools.values().forEach(FunctionPool::close);
        artifacts.close();
        if (dynalite != null) {
            dynalite.close();
        }
    }
}
