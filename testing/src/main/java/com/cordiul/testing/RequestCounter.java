package com.cordiul.testing;

import com.cordiul.local.dynalite.Dynalite;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Records the operations a DynamoDB client sends, e.g. "GetItemRequest", to count reads and writes. */
public final class RequestCounter implements ExecutionInterceptor {

    private final List<String> operations = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        operations.add(context.request().getClass().getSimpleName());
    }

    public List<String> operations() {
        return List.copyOf(operations);
    }

    public long count(String operation) {
        return operations.stream().filter(operation::equals).count();
    }

    public void reset() {
        operations.clear();
    }

    /** A real client on the endpoint that reports to this counter, and to the other interceptors given. */
    public DynamoDbClient client(URI endpoint, ExecutionInterceptor... others) {
        ClientOverrideConfiguration.Builder interceptors = ClientOverrideConfiguration.builder()
                .addExecutionInterceptor(this);
        for (ExecutionInterceptor other : others) {
            interceptors.addExecutionInterceptor(other);
        }
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(Dynalite.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(interceptors.build())
                .build();
    }
}
