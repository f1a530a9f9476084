package com.cordiul.local.runner;

import com.cordiul.local.cloudformation.CustomResourceProvisioner;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.stack.Stack;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./dev}: serves the whole API on 127.0.0.1 from the built artifacts, with dynalite keeping its data under
 * {@code .local/}, and hands out a first API key. Runs until Ctrl-C or SIGTERM, then stops everything it started.
 */
public final class Main {

    /** The owner of the key {@code ./dev} creates on first start. */
    static final String LOCAL_OWNER = "local";

    /** Parameter values that make the template useful locally; {@code --param} overrides them. */
    static final Map<String, String> LOCAL_PARAMETERS = Map.of("DefaultFromNumber", "+12025550199",
            "WebhookAllowLocalhost", "true");

    private Main() {
    }

    /** Entry point; see {@code ./dev --help} for the options. */
    public static void main(String[] args) throws InterruptedException {
        Path root = RepositoryRoot.find();
        LocalOptions options;
        VoiceOptions voice;
        try {
            options = parse(args, root);
            voice = VoiceOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + " (see ./dev --help)");
            System.exit(2);
            return;
        }
        Path local = root.resolve(".local");
        boolean freshData = !Files.isDirectory(options.dynamoDataDir());
        AutoCloseable running;
        LocalStack stack;
        String chime;
        try {
            if (options.chimeEndpoint() != null) {
                // Another Chime stand-in was named: the stack alone, pointed at it, which provisions against it.
                stack = LocalStack.startProvisioned(options);
                running = stack;
                chime = options.chimeEndpoint() + " (external)";
            } else {
                LocalCloud cloud = startCloud(options, voice);
                stack = cloud.stack();
                running = cloud;
                chime = cloud.voice().endpoint() + " (voice simulator; " + voice.describe() + ")";
            }
        } catch (RuntimeException e) {
            System.err.println("Could not start the local stack: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("Stopping failed: " + e.getMessage());
            }
            System.out.println("Stopped the local API, the voice simulator, ElasticMQ and dynalite.");
        }, "local-stack-shutdown"));
        if (metricsEcho(args)) {
            stack.metrics().echoTo(ConsoleTap.original());
        }
        String apiUrl = stack.url() + "/api";
        String keyNote = firstKey(stack, local.resolve("api-key"), freshData, new LayerFirstKey());
        System.out.println();
        System.out.println("Cordiul API running locally (Ctrl-C to stop)");
        System.out.println("  API:       " + apiUrl);
        System.out.println("  DynamoDB:  " + stack.dynamoDbEndpoint() + " (dynalite, data in "
                + root.relativize(options.dynamoDataDir().toAbsolutePath()) + ", log in " + root.relativize(
                Dynalite.defaultLogFile(options.dynamoDataDir(), 0)) + ")");
        System.out.println("  SQS:       " + queues(stack, root));
        stack.eventSources().mappings().forEach(m -> System.out.println("  SQS ESM:   " + m.describe()));
        schedules(stack, options.events()).forEach(line -> System.out.println("  Schedule:  " + line));
        stack.eventSources().notes().forEach(n -> System.out.println("  Not run:   " + n));
        System.out.println("  Chime:     " + chime);
        for (CustomResourceProvisioner.Outcome outcome : stack.provisioned()) {
            System.out.println("  Resource:  " + describe(outcome) + " (state in .local/"
                    + LocalStack.CUSTOM_RESOURCE_STATE + "; rm -rf .local starts over)");
        }
        System.out.println("  Functions: " + options.sandbox().option() + " sandbox, at most "
                + options.concurrency() + " instances each unless the template reserves a concurrency; failed "
                + "invocations also in .local/runner.log");
        System.out.println("  API key:   " + keyNote);
        System.out.println("  Docs:      " + stack.url() + DocsSite.PATH + "/ (Authorize with the API key, then "
                + "Try it out)");
        System.out.println("  Metrics:   " + stack.url() + MetricsPage.PATH + " (what CloudWatch would extract"
                + (metricsEcho(args) ? "; each document also printed as a [metrics] line)" : "; ./dev --metrics "
                + "prints each document too)"));
        System.out.println("Try:");
        System.out.println("  curl -s " + apiUrl + "/api-keys -H \"Authorization: Bearer $(cat .local/api-key)\"");
        System.out.println("  curl -s " + apiUrl + "/calls/create -H \"x-api-key: $(cat .local/api-key)\" "
                + "-H 'Content-Type: application/json' -d '{\"contact_id\":\"contact_123\","
                + "\"phone_number\":\"+12025550100\"}'");
        System.out.println();
        Thread.currentThread().join();
    }

    /**
     * Starts what {@code ./dev} starts for this command line (the voice simulator, the stack, the playout), with
     * its {@code .local/} folder at {@code local} instead of the repository's: the same options, defaults and
     * launch as {@code ./dev}, for a test that must prove what {@code ./dev} does (the e2e load test) without
     * touching a developer's {@code .local/}. No banner and no first key; the caller closes the cloud.
     */
    public static LocalCloud startCloud(String[] args, Path root, Path local) {
        LocalOptions options = parse(args, root, local);
        if (options.chimeEndpoint() != null) {
            throw new IllegalArgumentException("--chime-endpoint starts no voice simulator");
        }
        return startCloud(options, VoiceOptions.parse(args));
    }

    private static LocalCloud startCloud(LocalOptions options, VoiceOptions voice) {
        return LocalCloud.start(options, voice.timing(), voice.quotas());
    }

    /** One line of what provisioning did to a custom resource. */
    static String describe(CustomResourceProvisioner.Outcome outcome) {
        String action = switch (outcome.action()) {
            case CREATED -> "created";
            case UPDATED -> "updated";
            case REPLACED -> "replaced";
            case UNCHANGED -> "unchanged since the last start";
            case DELETED -> "deleted";
            case NOT_PROVISIONED -> "not provisioned (its ServiceToken is no function of the template)";
        };
        return outcome.logicalId() + (outcome.physicalResourceId() == null ? "" : " " + outcome.physicalResourceId())
                + " " + action + (outcome.serviceFunction() == null ? "" : " by " + outcome.serviceFunction());
    }

    /**
     * Makes sure {@code .local/api-key} holds a key of this store: a new one on first start, or when the store was
     * reset under an old key file.
     */
    static String firstKey(LocalStack stack, Path keyFile, boolean freshData, FirstKey issuer) {
        if (Files.isRegularFile(keyFile) && !freshData) {
            return "in .local/api-key (owner '" + LOCAL_OWNER + "', every permission)";
        }
        String table = stack.functionIds().stream().map(stack::environment)
                .map(env -> env.get("API_KEYS_TABLE")).filter(t -> t != null).findFirst().orElse(null);
        if (table == null) {
            return "none (the template declares no API_KEYS_TABLE)";
        }
        String key;
        try (DynamoDbClient dynamoDb = stack.dynamoDb()) {
            key = issuer.issue(dynamoDb, table, LOCAL_OWNER);
        }
        try {
            Files.createDirectories(keyFile.getParent());
            Files.writeString(keyFile, key + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the file keeps the default permissions.
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Could not write " + keyFile, e);
        }
        return key + " (new; saved in .local/api-key; owner '" + LOCAL_OWNER + "', every permission)";
    }

    /** The banner's lines on the schedules. */
    static java.util.List<String> schedules(LocalStack stack, EventOptions events) {
        var schedules = stack.eventSources().schedules();
        if (!stack.eventSources().schedulesOn()) {
            return schedules.isEmpty() ? java.util.List.of() : java.util.List.of("off (--no-schedules): "
                    + schedules.stream().map(s -> s.functionId() + " " + s.expression()).toList());
        }
        String pace = events.scheduleScale() == 1 ? "" : " (" + formatted(events.scheduleScale())
                + " times faster than the template says: --schedule-scale)";
        return schedules.stream().map(s -> s.describe() + pace).toList();
    }

    private static String formatted(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** The banner's line on ElasticMQ and the queues. */
    static String queues(LocalStack stack, Path root) {
        if (stack.elasticMq() == null) {
            return "none (the template declares no queue)";
        }
        var settings = stack.elasticMq().settings();
        String data = settings.dataDir() == null ? "in memory" : "data in " + shown(root, settings.dataDir());
        return stack.sqsEndpoint() + " (ElasticMQ; " + data + ", log in " + shown(root, stack.elasticMq().logFile())
                + "; queues " + String.join(", ", stack.stack().queues().stream()
                .map(com.cordiul.stack.Queue::queueName).toList()) + ")";
    }

    private static Path shown(Path root, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute) : absolute;
    }

    /** Reads the command line; unknown options are refused. */
    static LocalOptions parse(String[] args, Path root) {
        return parse(args, root, root.resolve(".local"));
    }

    /** Reads the command line, with {@code .local/} at {@code local}; unknown options are refused. */
    static LocalOptions parse(String[] args, Path root, Path local) {
        String envPort = System.getenv("PORT");
        LocalOptions options = LocalOptions.defaults(root.resolve("template.yaml"))
                .withPort(envPort == null || envPort.isBlank() ? 3000 : port(envPort))
                .withDynamoDataDir(local.resolve("dynalite"))
                .withWorkDir(local.resolve("work"))
                .withRunnerLog(local.resolve("runner.log"))
                .withStateDir(local)
                .withQueueDataDir(local.resolve("elasticmq"));
        Stack declared = Stack.read(options.template());
        for (Map.Entry<String, String> p : LOCAL_PARAMETERS.entrySet()) {
            if (declared.hasParameter(p.getKey())) {
                options = options.withParameter(p.getKey(), p.getValue());
            }
        }
        Iterator<String> it = Arrays.asList(args).iterator();
        while (it.hasNext()) {
            String arg = it.next();
            switch (arg) {
                case "--port" -> options = options.withPort(port(value(it, arg)));
                case "--data" -> options = options.withDynamoDataDir(Path.of(value(it, arg)).toAbsolutePath());
                case "--dynamo-port" -> options = options.withDynamoPort(port(value(it, arg)));
                case "--queue-data" -> options = options.withQueueDataDir(Path.of(value(it, arg)).toAbsolutePath());
                case "--sqs-port" -> options = options.withEvents(options.events().withQueuePort(port(value(it, arg))));
                case "--schedule-scale" -> options = options.withScheduleScale(scheduleScale(value(it, arg)));
                case "--no-schedules" -> options = options.withSchedules(false);
                case "--chime-endpoint" -> options = options.withChimeEndpoint(URI.create(value(it, arg)));
                case "--metrics" -> {
                    // Read by main (metricsEcho): the readable echo of each metrics document.
                }
                case "--sandbox" -> options = options.withSandbox(FunctionSandbox.Kind.of(value(it, arg)));
                case "--concurrency" -> options = options.withConcurrency(concurrency(value(it, arg)));
                case "--param" -> options = parameter(options, value(it, arg));
                case "--parameter-overrides" -> {
                    for (String pair : value(it, arg).trim().split("\\s+")) {
                        options = parameter(options, pair);
                    }
                }
                default -> {
                    // The voice simulator's options are read by VoiceOptions.parse.
                    if (VoiceOptions.WITH_VALUE.contains(arg)) {
                        value(it, arg);
                    } else if (!VoiceOptions.FLAGS.contains(arg)) {
                        throw new IllegalArgumentException("Unknown option " + arg);
                    }
                }
            }
        }
        return options;
    }

    /** {@code --metrics}: print each metrics document as a readable line as well. */
    static boolean metricsEcho(String[] args) {
        return Arrays.asList(args).contains("--metrics");
    }

    private static double scheduleScale(String text) {
        try {
            double scale = Double.parseDouble(text.trim());
            if (scale >= EventOptions.MIN_SCHEDULE_SCALE && scale <= EventOptions.MAX_SCHEDULE_SCALE) {
                return scale;
            }
        } catch (NumberFormatException e) {
            // Reported below with the option's name.
        }
        throw new IllegalArgumentException("--schedule-scale takes a number from " + EventOptions.MIN_SCHEDULE_SCALE
                + " to " + (long) EventOptions.MAX_SCHEDULE_SCALE + " (how many times faster than the template's "
                + "schedules), not '" + text + "'");
    }

    private static int concurrency(String text) {
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Reported below with the option's name.
        }
        throw new IllegalArgumentException("--concurrency takes a whole number from 1 to 1000, not '" + text + "'");
    }

    private static LocalOptions parameter(LocalOptions options, String pair) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("A parameter override is NAME=VALUE, not '" + pair + "'");
        }
        return options.withParameter(pair.substring(0, eq), pair.substring(eq + 1));
    }

    private static String value(Iterator<String> it, String option) {
        if (!it.hasNext()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return it.next();
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a port: " + text);
        }
    }
}
