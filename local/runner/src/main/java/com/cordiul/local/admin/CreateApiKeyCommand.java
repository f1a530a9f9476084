package com.cordiul.local.admin;

import com.cordiul.identity.Permission;
import com.cordiul.core.InvalidRequestException;
import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.keys.ApiKeyService;
import com.cordiul.keys.CreatedApiKey;
import com.cordiul.keys.NewApiKey;
import com.cordiul.logging.Log;
import java.io.PrintStream;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The operator's bootstrap: creates an API key straight in a deployed stack's keys table, with the operator's AWS
 * credentials, because the first key cannot come from the API without a Clerk session. It runs the layer's own
 * {@link ApiKeyService}, so the key is made, hashed and stored exactly as {@code POST /api/api-keys} does.
 *
 * <p>The key goes to stdout alone (so {@code KEY=$(bin/create-api-key ...)} works); everything else to stderr.
 */
public final class CreateApiKeyCommand {

    /** A bootstrap key holds every permission by default: its job is to create the other keys. */
    static final Set<Permission> DEFAULT_PERMISSIONS = Permission.all();
    static final String DEFAULT_NAME = "bootstrap";

    private static final String USAGE = """
            Usage: bin/create-api-key --table <ApiKeysTable physical name> --owner <owner id>
                                      [--name <name>] [--permissions calls:read,calls:write,...] [--endpoint <url>]
            Creates an API key directly in the table and prints it once. AWS credentials and AWS_REGION come from
            the environment; --endpoint (or DYNAMODB_ENDPOINT) points at a local DynamoDB such as dynalite.
            Default name: %s. Default permissions: all (%s).
            """.formatted(DEFAULT_NAME, Permission.allValues());

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    CreateApiKeyCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new CreateApiKeyCommand(System.getenv(), System.out, System.err).run(args));
    }

    /** Runs the command; returns the exit status: 0 done, 1 the store failed, 2 bad arguments. */
    int run(String[] args) {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options.containsKey("help")) {
            out.print(USAGE);
            return 0;
        }
        NewApiKey request;
        try {
            List<String> permissions = options.containsKey("permissions")
                    ? Arrays.stream(options.get("permissions").split(",", -1)).map(String::strip).toList()
                    : DEFAULT_PERMISSIONS.stream().map(Permission::value).toList();
            request = NewApiKey.of(options.getOrDefault("name", DEFAULT_NAME), permissions);
        } catch (InvalidRequestException e) {
            err.println("--" + e.field().orElse("name") + ": " + e.getMessage());
            return 2;
        }
        String endpoint = options.getOrDefault("endpoint", environment.get("DYNAMODB_ENDPOINT"));
        // Log lines go to stderr, so that stdout carries the key alone.
        Log.redirect(err);
        try (DynamoDbClient dynamoDb = dynamoDb(environment.getOrDefault("AWS_REGION", "us-east-1"), endpoint)) {
            CreatedApiKey created = ApiKeyService.over(dynamoDb, options.get("table"))
                    .issue(options.get("owner").strip(), request);
            err.println("Created API key " + created.id() + " (" + created.name() + ") for owner "
                    + options.get("owner").strip() + " with permissions " + String.join(", ", created.permissions())
                    + ".");
            err.println("It is shown this once and stored only as a hash: keep it in a secret store now.");
            out.println(created.key());
            return 0;
        } catch (StoreUnavailableException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            err.println("Could not write to table " + options.get("table") + ": " + cause.getMessage());
            return 1;
        }
    }

    /** The operator's client: their region, the SDK's default credentials chain, and an endpoint if one is given. */
    private static DynamoDbClient dynamoDb(String region, String endpoint) {
        var builder = DynamoDbClient.builder().region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create());
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private static Map<String, String> parse(String[] args) {
        Set<String> known = Set.of("table", "owner", "name", "permissions", "endpoint");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                options.put("help", "");
                return options;
            }
            String name = arg.startsWith("--") ? arg.substring(2) : "";
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("Missing value for " + arg);
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("Unknown argument " + arg);
            }
            if (options.put(name, value) != null) {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
        }
        for (String required : List.of("table", "owner")) {
            if (options.getOrDefault(required, "").isBlank()) {
                throw new IllegalArgumentException("--" + required + " is required");
            }
        }
        return options;
    }
}
