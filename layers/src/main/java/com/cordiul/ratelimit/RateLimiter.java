package com.cordiul.ratelimit;

import com.cordiul.core.Environment;
import com.cordiul.aws.StoreUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Fixed-window counters in DynamoDB, shared by every Lambda instance. Counting a request is one conditional
 * UpdateItem that adds 1 only while the window's count is below the limit, so concurrent instances can never admit
 * more than the limit between them, and a refused request leaves the count as it was. Window items carry
 * {@code expires_at} for the table's TTL.
 */
public final class RateLimiter {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public RateLimiter(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /** The limiter of a deployed function: the table {@code RATE_LIMIT_TABLE}, the system clock. */
    public static RateLimiter fromEnvironment(DynamoDbClient dynamoDb) {
        return new RateLimiter(dynamoDb, Environment.require("RATE_LIMIT_TABLE"), Clock.systemUTC());
    }

    /** Counts one request of {@code subject} against {@code limit}. */
    public RateLimitDecision acquire(String subject, RateLimit limit) {
        Instant now = clock.instant();
        long windowSeconds = limit.window().toSeconds();
        long windowStart = Math.floorDiv(now.getEpochSecond(), windowSeconds) * windowSeconds;
        Instant reset = Instant.ofEpochSecond(windowStart + windowSeconds);
        String pk = subject + "#" + limit.name() + "#" + windowStart;
        try {
            var response = dynamoDb.updateItem(b -> b.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(pk)))
                    .updateExpression("ADD #hits :one SET #exp = if_not_exists(#exp, :exp)")
                    .conditionExpression("attribute_not_exists(#hits) OR #hits < :limit")
                    .expressionAttributeNames(Map.of("#hits", "hits", "#exp", "expires_at"))
                    .expressionAttributeValues(Map.of(
                            ":one", AttributeValue.fromN("1"),
                            ":limit", AttributeValue.fromN(Integer.toString(limit.limit())),
                            ":exp", AttributeValue.fromN(Long.toString(reset.getEpochSecond() + windowSeconds))))
                    .returnValues(ReturnValue.UPDATED_NEW));
            int hits = Integer.parseInt(response.attributes().get("hits").n());
            return new RateLimitDecision(true, limit.limit(), limit.limit() - hits, reset);
        } catch (ConditionalCheckFailedException e) {
            return new RateLimitDecision(false, limit.limit(), 0, reset);
        } catch (SdkException e) {
            throw new StoreUnavailableException("The rate limiter's store is unavailable. Nothing was changed; "
                    + "retry shortly.", 1, e);
        }
    }

    /** The clock windows are measured on. */
    public Clock clock() {
        return clock;
    }
}
