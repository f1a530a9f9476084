package com.cordiul.local.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.cordiul.identity.Caller;
import com.cordiul.auth.ApiKeyAuthenticator;
import com.cordiul.identity.Permission;
import com.cordiul.keys.ApiKeyStore;
import com.cordiul.local.dynalite.Dynalite;
import com.cordiul.local.dynalite.TemplateTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class CreateApiKeyCommandTest {

    private static final String TABLE = "ApiKeysTable";
    private static final TemplateTables TABLES = TemplateTables.fromRepository();
    private static Dynalite dynalite;
    private static DynamoDbClient client;

    @BeforeAll
    static void startStore() {
        dynalite = Dynalite.startInMemory();
        client = dynalite.client();
        TABLES.createAll(client);
    }

    @AfterAll
    static void stopStore() {
        client.close();
        dynalite.close();
    }

    @BeforeEach
    void emptyTables() {
        TABLES.truncateAll(client);
    }

    @AfterEach
    void restoreProcessState() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void command_printsAKeyThatAuthenticates_asTheOwner_withTheGivenPermissions() {
        Result result = runJava("--table", TABLE, "--owner", "user_ops", "--name", "ci bootstrap",
                "--permissions", "calls:read, api_keys:write", "--endpoint", dynalite.endpoint().toString());

        assertThat(result.status()).as(result.stderr()).isZero();
        String key = result.stdout().strip();
        assertThat(key).startsWith("ck_live_").hasSize(57);
        assertThat(result.stderr()).contains("user_ops", "calls:read", "api_keys:write").doesNotContain(key);

        Caller caller = new ApiKeyAuthenticator(new ApiKeyStore(client, TABLE), Clock.systemUTC()).authenticate(key);
        assertThat(caller.owner()).isEqualTo("user_ops");
        assertThat(caller.permissions()).containsExactlyInAnyOrder(Permission.CALLS_READ, Permission.API_KEYS_WRITE);
        var items = client.scan(b -> b.tableName(TABLE)).items();
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("name").s()).isEqualTo("ci bootstrap");
        assertThat(items.toString()).doesNotContain(key.substring(12));
    }

    @Test
    void withoutOptions_theKeyHoldsEveryPermission() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = command(out, err).run(new String[] {"--table", TABLE, "--owner", "user_ops",
                "--endpoint", dynalite.endpoint().toString()});

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String key = out.toString(StandardCharsets.UTF_8).strip();
        Caller caller = new ApiKeyAuthenticator(new ApiKeyStore(client, TABLE), Clock.systemUTC()).authenticate(key);
        assertThat(caller.permissions()).isEqualTo(Permission.all());
        assertThat(client.scan(b -> b.tableName(TABLE)).items().get(0).get("name").s()).isEqualTo("bootstrap");
    }

    @Test
    void badArguments_exit2_andStoreNothing() {
        List<String[]> cases = List.of(
                new String[] {"--owner", "user_ops"},
                new String[] {"--table", TABLE},
                new String[] {"--table", TABLE, "--owner", "user_ops", "--permissions", "calls:read,admin"},
                new String[] {"--table", TABLE, "--owner", "user_ops", "--name", " "},
                new String[] {"--table", TABLE, "--owner", "user_ops", "--colour", "blue"},
                new String[] {"--table", TABLE, "--owner"});
        for (String[] args : cases) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(command(out, err).run(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
        assertThat(client.scan(b -> b.tableName(TABLE)).count()).isZero();
    }

    @Test
    void unknownTable_exits1_withTheReason() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = command(out, err).run(new String[] {"--table", "NoSuchTable", "--owner", "user_ops",
                "--endpoint", dynalite.endpoint().toString()});

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("NoSuchTable");
    }

    private static CreateApiKeyCommand command(ByteArrayOutputStream out, ByteArrayOutputStream err) {
        // Dynalite checks no signature, but the SDK needs credentials to sign with: the system-property provider
        // of the default chain supplies them in this JVM.
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        return new CreateApiKeyCommand(Map.of("AWS_REGION", "us-east-1"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Runs {@code main} in its own JVM, as the operator script does, with credentials in the environment. */
    private static Result runJava(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CreateApiKeyCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("AWS_ACCESS_KEY_ID", "local");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        builder.environment().put("AWS_REGION", "us-east-1");
        builder.environment().remove("DYNAMODB_ENDPOINT");
        try {
            Process process = builder.start();
            byte[] stdout = process.getInputStream().readAllBytes();
            byte[] stderr = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("The command did not finish");
            }
            return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                    new String(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Result(int status, String stdout, String stderr) {
    }
}
