package com.cordiul.bench;

import com.cordiul.sandbox.LambdaSandbox;
import com.cordiul.bench.scenario.ChimeStandIn;
import com.cordiul.bench.scenario.Scenarios;
import com.cordiul.bench.template.TemplateFunctions;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.RepositoryRoot;
import com.cordiul.local.elasticmq.ElasticMq;
import com.cordiul.local.elasticmq.TemplateQueues;
import com.cordiul.stack.PseudoParameters;
import com.cordiul.stack.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the bench's other entry points (bench/snapstart, bench/preload-lists) share with bench/run: the sandbox in
 * its own work directory, dynalite with the template's tables, ElasticMQ with its queues, the Chime stand-in, the
 * targets as {@link Main} builds them, and the unmeasured seeding of what their events read.
 */
final class BenchSetup implements AutoCloseable {

    final Path root;
    final LambdaSandbox sandbox;
    final Path logs;
    final Dynalite dynalite;
    final ChimeStandIn chime;
    final ElasticMq queues;
    final List<Target> all;
    private final Path target;
    private final DynamoDbClient client;

    private BenchSetup(Path root, Path target, LambdaSandbox sandbox, Path logs, Dynalite dynalite,
            DynamoDbClient client, ChimeStandIn chime, ElasticMq queues, List<Target> all) {
        this.root = root;
        this.target = target;
        this.sandbox = sandbox;
        this.logs = logs;
        this.dynalite = dynalite;
        this.client = client;
        this.chime = chime;
        this.queues = queues;
        this.all = List.copyOf(all);
    }

    /** A bench over this setup's sandbox, stand-ins and interceptor jars, with those numbers of runs. */
    Bench bench(int coldRuns, int warmRuns, int countedRuns) {
        return new Bench(sandbox, Map.of("DYNAMODB_ENDPOINT", dynalite.endpoint().toString(),
                "CHIME_ENDPOINT", chime.endpoint(), "SQS_ENDPOINT", queues.endpoint().toString()),
                target.resolve("bench-counting-interceptor.jar"),
                target.resolve("bench-timing-interceptor.jar"), logs, coldRuns, warmRuns, countedRuns);
    }

    /** Starts everything under {@code bench/target/<workName>} (emptied first); exits if the build is missing. */
    static BenchSetup start(String workName) throws Exception {
        Path root = RepositoryRoot.find();
        Path target = root.resolve("bench/target");
        Path runtimeLib = target.resolve("bench-lambda-runtime/lib");
        if (!Files.isDirectory(runtimeLib) || !Files.isRegularFile(root.resolve("layers/target/layer.zip"))) {
            System.err.println("Build first: mvn -B -q -DskipTests package (the bench scripts do it).");
            System.exit(2);
        }
        Path work = target.resolve(workName);
        Main.deleteTree(work);
        LambdaSandbox sandbox = LambdaSandbox.create(work, LambdaSandbox.jarsIn(runtimeLib));
        String runId = Long.toString(System.currentTimeMillis(), 36);
        Dynalite dynalite = Dynalite.startInMemory();
        DynamoDbClient client = dynalite.client();
        ChimeStandIn chime = ChimeStandIn.start();
        // The template's queues (create-call sends each call to the dial queue): on this machine, never SQS's.
        ElasticMq queues = ElasticMq.startInMemory(TemplateQueues.of(Stack.read(root.resolve("template.yaml"))));
        try {
            // The stand-in's one application, as the stack's provider would have answered its Create.
            TemplateFunctions template = TemplateFunctions.read(root, "CordiulSipMediaApplication", Map.of(
                    "", chime.sipMediaApplicationId(), "SipMediaApplicationId", chime.sipMediaApplicationId(),
                    "SipMediaApplicationArn", chime.sipMediaApplicationArn()),
                    queues.endpoint() + "/" + PseudoParameters.ACCOUNT_ID);
            String keyAttribute = Main.createTables(client);
            List<Target> all = Main.targets(root, template, target, new Scenarios(chime, client, runId), keyAttribute);
            return new BenchSetup(root, target, sandbox, work.resolve("logs"), dynalite, client, chime, queues, all);
        } catch (RuntimeException e) {
            queues.close();
            chime.close();
            client.close();
            dynalite.close();
            throw e;
        }
    }

    /**
     * The baselines hello and sdk-floor (when asked for) and the project's functions, all or those named; never the
     * design-choice variants.
     */
    List<Target> select(Set<String> only, boolean baselines) {
        return all.stream().filter(t -> switch (t.kind()) {
            case BASELINE -> baselines;
            case FUNCTION -> only.isEmpty() || only.contains(t.name());
            case CHOICE -> false;
        }).toList();
    }

    /** Seeds, unmeasured, the data the selected targets' events read (create-api-key's keys, create-call's calls). */
    void seedFor(List<Target> selected) throws Exception {
        Main.seedPrerequisites(bench(0, 0, 0), all, selected);
    }

    @Override
    public void close() {
        queues.close();
        chime.close();
        client.close();
        dynalite.close();
    }
}
