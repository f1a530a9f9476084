package com.cordiul.local.cloudformation;

import com.cordiul.stack.PseudoParameters;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What CloudFormation remembers of a stack's custom resources between two operations, for the local stack: each
 * resource's type, provider function, physical id, the properties it was last sent and the {@code Data} it
 * answered, plus the {@code Delete}s still owed to resources an {@code Update} replaced. Kept in a file (read at
 * start, written whole and atomically after every change) so that a restarted {@code ./dev} sends only what
 * changed, or in memory. The file's format:
 *
 * <pre>{@code
 * {"StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/cordiul-local/...",
 *  "Resources": {"<LogicalResourceId>": {"ResourceType": "...", "ServiceFunction": "<function logical id>",
 *      "PhysicalResourceId": "...", "ResourceProperties": {...as sent...}, "Data": {...as answered...},
 *      "LastRequestType": "Create|Update", "UpdatedAt": "<ISO-8601>"}},
 *  "PendingDeletes": [{"LogicalResourceId": "...", "ResourceType": "...", "ServiceFunction": "...",
 *      "PhysicalResourceId": "...", "ResourceProperties": {...}}]}
 * }</pre>
 */
public final class StackState {

    /**
     * A resource as last provisioned.
     *
     * @param resourceType       its type
     * @param serviceFunction    the logical id of its provider function
     * @param physicalResourceId the id its provider gave it
     * @param properties         the {@code ResourceProperties} last sent (and answered SUCCESS)
     * @param data               the {@code Data} answered
     */
    public record Recorded(String resourceType, String serviceFunction, String physicalResourceId,
                           ObjectNode properties, Map<String, String> data) {

        public Recorded {
            properties = properties.deepCopy();
            data = Map.copyOf(data);
        }
    }

    /**
     * A {@code Delete} still owed: the resource an {@code Update} replaced (a new physical id), sent with its
     * last properties once the other operations are done, as CloudFormation's cleanup does.
     */
    public record PendingDelete(String logicalId, Recorded replaced) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Clock clock;
    private final Map<String, Recorded> resources = new LinkedHashMap<>();
    private final Map<String, String> lastRequestTypes = new LinkedHashMap<>();
    private final Map<String, String> updatedAt = new LinkedHashMap<>();
    private final List<PendingDelete> pendingDeletes = new ArrayList<>();

    private StackState(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** State kept in memory only: every start is a new stack. */
    public static StackState inMemory() {
        return new StackState(null, Clock.systemUTC());
    }

    /** State kept in that file: read now if it exists, written after every change. */
    public static StackState in(Path file) {
        StackState state = new StackState(file.toAbsolutePath(), Clock.systemUTC());
        if (Files.isRegularFile(file)) {
            state.load();
        }
        return state;
    }

    /** The file it is kept in, or null. */
    public Path file() {
        return file;
    }

    /** The resource as last provisioned, if it was. */
    public synchronized Optional<Recorded> get(String logicalId) {
        return Optional.ofNullable(resources.get(logicalId));
    }

    /** Every provisioned resource's logical id, oldest first. */
    public synchronized List<String> logicalIds() {
        return List.copyOf(resources.keySet());
    }

    /** Records what a request provisioned, and the delete it leaves owed (or null), in one write. */
    synchronized void put(String logicalId, Recorded resource, String requestType, PendingDelete owed) {
        resources.put(logicalId, resource);
        lastRequestTypes.put(logicalId, requestType);
        updatedAt.put(logicalId, clock.instant().toString());
        if (owed != null) {
            pendingDeletes.add(owed);
        }
        save();
    }

    /** Forgets a resource that was deleted (or left the stack). */
    synchronized void remove(String logicalId) {
        resources.remove(logicalId);
        lastRequestTypes.remove(logicalId);
        updatedAt.remove(logicalId);
        save();
    }

    /** The deletes still owed, oldest first. */
    public synchronized List<PendingDelete> pendingDeletes() {
        return List.copyOf(pendingDeletes);
    }

    /** Forgets an owed delete once it was sent. */
    synchronized void settled(PendingDelete delete) {
        pendingDeletes.remove(delete);
        save();
    }

    private void save() {
        if (file == null) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("StackId", PseudoParameters.STACK_ID);
        ObjectNode all = root.putObject("Resources");
        resources.forEach((id, r) -> {
            ObjectNode node = describe(all.putObject(id), r);
            node.put("LastRequestType", lastRequestTypes.get(id));
            node.put("UpdatedAt", updatedAt.get(id));
        });
        ArrayNode owed = root.putArray("PendingDeletes");
        pendingDeletes.forEach(d -> describe(owed.addObject().put("LogicalResourceId", d.logicalId()), d.replaced()));
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), root);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the custom resources' state to " + file, e);
        }
    }

    private static ObjectNode describe(ObjectNode node, Recorded resource) {
        node.put("ResourceType", resource.resourceType());
        node.put("ServiceFunction", resource.serviceFunction());
        node.put("PhysicalResourceId", resource.physicalResourceId());
        node.set("ResourceProperties", resource.properties());
        ObjectNode data = node.putObject("Data");
        resource.data().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> data.put(e.getKey(), e.getValue()));
        return node;
    }

    private void load() {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the custom resources' state from " + file
                    + " (rm -rf .local starts the local stack over)", e);
        }
        if (root == null || !root.path("Resources").isObject() || !PseudoParameters.STACK_ID.equals(
                root.path("StackId").asText())) {
            throw new IllegalStateException(file + " is not the state of the local stack "
                    + PseudoParameters.STACK_ID + " (rm -rf .local starts the local stack over)");
        }
        root.path("Resources").properties().forEach(r -> {
            resources.put(r.getKey(), recorded(r.getValue()));
            lastRequestTypes.put(r.getKey(), r.getValue().path("LastRequestType").asText(""));
            updatedAt.put(r.getKey(), r.getValue().path("UpdatedAt").asText(""));
        });
        root.path("PendingDeletes").forEach(d -> pendingDeletes.add(new PendingDelete(
                d.path("LogicalResourceId").asText(), recorded(d))));
    }

    private Recorded recorded(JsonNode node) {
        if (!node.path("PhysicalResourceId").isTextual() || !node.path("ResourceProperties").isObject()) {
            throw new IllegalStateException(file + " holds an unreadable custom resource (rm -rf .local starts the "
                    + "local stack over)");
        }
        Map<String, String> data = new LinkedHashMap<>();
        node.path("Data").properties().forEach(d -> data.put(d.getKey(), d.getValue().asText()));
        return new Recorded(node.path("ResourceType").asText(), node.path("ServiceFunction").asText(),
                node.path("PhysicalResourceId").asText(), (ObjectNode) node.get("ResourceProperties"), data);
    }
}
