package com.cordiul.aws;

import com.cordiul.core.Environment;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients once per function instance: explicit region, one explicit HTTP client, the credentials
 * provider Lambda needs, and no SDK look-ups at init. {@code DYNAMODB_ENDPOINT}, {@code CHIME_ENDPOINT} and
 * {@code SQS_ENDPOINT} point the clients at local stand-ins (dynalite, the voice simulator, ElasticMQ); they are
 * unset on AWS.
 */
public final class AwsClients {

    private AwsClients() {
    }

    /** The region from {@code AWS_REGION}, which Lambda always sets. */
    public static Region region() {
        return Region.of(Environment.getOrDefault("AWS_REGION", "us-east-1"));
    }

    /** A DynamoDB client with the SDK's standard retries (safe: every write we make is conditional). */
    public static DynamoDbClient dynamoDb() {
        var builder = DynamoDbClient.builder()
                .region(region())
                .credentialsProvider(credentials())
                .httpClient(httpClient(Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(8))
                        .build());
        Environment.get("DYNAMODB_ENDPOINT").map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * An SQS client with the SDK's standard retries: a dial message is safe to send twice (on the FIFO queue its
     * deduplication id drops the copy; on any queue the dialer's claim on the call decides the one dial), and so is
     * a webhook message (every one names a record whose state decides what happens).
     */
    public static SqsClient sqs() {
        var builder = SqsClient.builder()
                .region(region())
                .credentialsProvider(credentials())
                .httpClient(httpClient(Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(6))
                        .build());
        Environment.get("SQS_ENDPOINT").map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * A Chime SDK Voice client that never retries by itself: a retried CreateSipMediaApplicationCall can place a
     * second call, so the only retry (on throttling, known not to be processed) is ours.
     */
    public static ChimeSdkVoiceClient chimeSdkVoice() {
        return chimeSdkVoice(region());
    }

    /** The same client for another region's endpoint (a SIP media application lives in one region). */
    public static ChimeSdkVoiceClient chimeSdkVoice(Region region) {
        var builder = ChimeSdkVoiceClient.builder()
                .region(region)
                .credentialsProvider(credentials())
                .httpClient(httpClient(Duration.ofSeconds(2), Duration.ofSeconds(6)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(7))
                        .build());
        Environment.get("CHIME_ENDPOINT").map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * The credentials of the function's role, from where Lambda puts them: a SnapStart function gets them from the
     * container credentials endpoint (its environment holds no keys, and keys in a snapshot would go stale), any
     * other from the environment. Read through {@link Environment}, so each function of the local runner gets its
     * own. Elsewhere (the operator command) the default chain.
     */
    static AwsCredentialsProvider credentials() {
        if (Environment.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").isPresent()) {
            return ContainerCredentialsProvider.builder().build();
        }
        var accessKey = Environment.get("AWS_ACCESS_KEY_ID");
        var secretKey = Environment.get("AWS_SECRET_ACCESS_KEY");
        if (accessKey.isPresent() && secretKey.isPresent()) {
            var token = Environment.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token.isPresent()
                    ? AwsSessionCredentials.create(accessKey.get(), secretKey.get(), token.get())
                    : AwsBasicCredentials.create(accessKey.get(), secretKey.get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static SdkHttpClient httpClient(Duration connect, Duration read) {
        return UrlConnectionHttpClient.builder().connectionTimeout(connect).socketTimeout(read).build();
    }
}
