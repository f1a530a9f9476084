package com.cordiul.local.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SIP media applications of the simulated account, validated as Chime SDK Voice validates them: a name of 1-256
 * characters of {@code [a-zA-Z0-9 _.-]}, a region, exactly one endpoint whose {@code LambdaArn} is a Lambda function
 * (or version, or alias) ARN of that same region, and at most {@value #MAX_PER_REGION} applications per region. A
 * refusal is a {@link Refusal} carrying the {@link ChimeError} Chime would answer.
 *
 * <p>Given a file, the registry is read from it at start and written back (whole, replaced atomically) after every
 * change, so that a restarted local stack finds the applications it made before.
 */
public final class SmaRegistry {

    /** Chime's default quota of SIP media applications per region. */
    public static final int MAX_PER_REGION = 30;
    /** The account id in the ARNs the simulator gives. */
    public static final String ACCOUNT_ID = "123456789012";

    private static final int MAX_NAME = 256;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9 _.-]+");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");
    private static final Pattern LAMBDA_ARN = Pattern.compile(
            "arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:-gov)?-[a-z]+-\\d):\\d{12}:function:[a-zA-Z0-9_-]{1,140}"
                    + "(:(\\$LATEST|[a-zA-Z0-9_-]{1,128}))?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, RegisteredSma> byId = new LinkedHashMap<>();
    private final Path file;
    private final Clock clock;

    private SmaRegistry(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** A registry in memory only. */
    public static SmaRegistry inMemory() {
        return new SmaRegistry(null, Clock.systemUTC());
    }

    /** A registry kept in that file: read now if it exists, written after every change. */
    public static SmaRegistry persistedIn(Path file) {
        SmaRegistry registry = new SmaRegistry(file.toAbsolutePath(), Clock.systemUTC());
        if (Files.isRegularFile(file)) {
            registry.load();
        }
        return registry;
    }

    /** Why Chime refuses an operation: the error it answers. */
    static final class Refusal extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final transient ChimeError error;

        Refusal(ChimeError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        ChimeError error() {
            return error;
        }
    }

    /** CreateSipMediaApplication. */
    public synchronized RegisteredSma create(String awsRegion, String name, List<String> lambdaArns) {
        if (awsRegion == null || !REGION.matcher(awsRegion).matches()) {
            throw refused("AwsRegion is required and must be an AWS Region.");
        }
        checkName(name, true);
        String lambdaArn = endpoint(lambdaArns, awsRegion, true);
        long inRegion = byId.values().stream().filter(s -> s.awsRegion().equals(awsRegion)).count();
        if (inRegion >= MAX_PER_REGION) {
            throw new Refusal(new ChimeError(400, "ResourceLimitExceededException", "ResourceLimitExceeded",
                    "The account already has " + MAX_PER_REGION + " SIP media applications in " + awsRegion + "."));
        }
        String id = UUID.randomUUID().toString();
        Instant now = now();
        RegisteredSma sma = new RegisteredSma(id, "arn:aws:chime:" + awsRegion + ":" + ACCOUNT_ID + ":sma/" + id,
                awsRegion, name, lambdaArn, now, now);
        byId.put(id, sma);
        save();
        return sma;
    }

    /** GetSipMediaApplication. */
    public synchronized RegisteredSma get(String id) {
        RegisteredSma sma = byId.get(id);
        if (sma == null) {
            throw notFound(id);
        }
        return sma;
    }

    /** UpdateSipMediaApplication: a null name or endpoint list keeps what the application has. */
    public synchronized RegisteredSma update(String id, String name, List<String> lambdaArns) {
        RegisteredSma sma = get(id);
        if (name != null) {
            checkName(name, false);
        }
        String lambdaArn = lambdaArns == null ? null : endpoint(lambdaArns, sma.awsRegion(), false);
        RegisteredSma changed = sma.updated(name, lambdaArn, now());
        byId.put(id, changed);
        save();
        return changed;
    }

    /** DeleteSipMediaApplication. */
    public synchronized void delete(String id) {
        if (byId.remove(id) == null) {
            throw notFound(id);
        }
        save();
    }

    /** Every application, oldest first. */
    public synchronized List<RegisteredSma> all() {
        return List.copyOf(byId.values());
    }

    /** The application of that id, if the account has it. */
    public synchronized Optional<RegisteredSma> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    private static void checkName(String name, boolean required) {
        if (name == null && required) {
            throw refused("Name is required.");
        }
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            throw refused("Name must be 1-" + MAX_NAME + " characters of letters, digits, spaces and _.-");
        }
    }

    /** The one endpoint's Lambda ARN, which must be a function of the application's region. */
    private static String endpoint(List<String> lambdaArns, String awsRegion, boolean required) {
        if (lambdaArns == null && required) {
            throw refused("Endpoints is required.");
        }
        if (lambdaArns == null || lambdaArns.size() != 1) {
            throw refused("Endpoints must hold exactly one endpoint.");
        }
        String arn = lambdaArns.get(0);
        Matcher matcher = arn == null ? null : LAMBDA_ARN.matcher(arn);
        if (matcher == null || !matcher.matches()) {
            throw refused("The endpoint's LambdaArn must be the ARN of a Lambda function, version or alias.");
        }
        if (!matcher.group(1).equals(awsRegion)) {
            throw refused("The endpoint's Lambda function must be in the SIP media application's Region ("
                    + awsRegion + ").");
        }
        return arn;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Refusal refused(String message) {
        return new Refusal(ChimeError.badRequest(message));
    }

    private static Refusal notFound(String id) {
        return new Refusal(ChimeError.notFound("SIP media application " + id + " not found."));
    }

    /** The application as Chime puts it on the wire. */
    static ObjectNode describe(RegisteredSma sma) {
        ObjectNode node = JSON.createObjectNode();
        node.put("SipMediaApplicationId", sma.id()).put("SipMediaApplicationArn", sma.arn())
                .put("AwsRegion", sma.awsRegion()).put("Name", sma.name());
        node.putArray("Endpoints").addObject().put("LambdaArn", sma.lambdaArn());
        node.put("CreatedTimestamp", sma.created().toString()).put("UpdatedTimestamp", sma.updated().toString());
        return node;
    }

    private void save() {
        if (file == null) {
            return;
        }
        ArrayNode all = JSON.createArrayNode();
        byId.values().forEach(s -> all.add(describe(s)));
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), all);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the SIP media applications to " + file, e);
        }
    }

    private void load() {
        JsonNode all;
        try {
            all = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the SIP media applications from " + file
                    + " (delete it to start with none)", e);
        }
        if (all == null || !all.isArray()) {
            throw new IllegalStateException(file + " does not hold a JSON array of SIP media applications");
        }
        List<RegisteredSma> loaded = new ArrayList<>();
        try {
            for (JsonNode s : all) {
                loaded.add(new RegisteredSma(s.path("SipMediaApplicationId").asText(),
                        s.path("SipMediaApplicationArn").asText(), s.path("AwsRegion").asText(),
                        s.path("Name").asText(), s.path("Endpoints").path(0).path("LambdaArn").asText(),
                        Instant.parse(s.path("CreatedTimestamp").asText()),
                        Instant.parse(s.path("UpdatedTimestamp").asText())));
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + " holds an unreadable SIP media application (delete the file "
                    + "to start with none)", e);
        }
        loaded.forEach(s -> byId.put(s.id(), s));
    }
}
