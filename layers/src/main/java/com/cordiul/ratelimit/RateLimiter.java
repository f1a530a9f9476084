package com.cordiul.ratelimit;

import com.cordiul.aws.StoreUnavailableException;
import com.cordiul.core.Environment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Fixed-window counters in DynamoDB, shared by every Lambda instance. A subject's windows of one {@link #SPAN}
 * (a UTC minute) are one item, {@code pk = subject#spanStart}, with one counter attribute per window,
 * {@code name@offset} (the window's start, in seconds into the span). Counting a request is one conditional
 * UpdateItem that adds 1 to every counted window only while each is below its limit: concurrent instances can never
 * admit more than a limit between them, and a refused request changes no counter at all. The same write removes
 * the counters of shorter windows over long ago ({@link #STRAGGLER_WINDOWS}), so that the item stays small, and
 * returns the whole item, so that every window of the route can be reported, counted or not. Items carry
 * {@code expires_at} for the table's TTL.
 */
public final class RateLimiter {

    /** The span of one item: every limit's window divides it. */
    public static final Duration SPAN = Duration.ofMinutes(1);

    private static final String PK = "pk";
    private static final String EXPIRES_AT = "expires_at";
    private static final int MAX_ATTEMPTS = 2;
    /**
     * How many windows back a request may still land: more than the client's whole call timeout (8 s, retries
     * included) in the shortest window, one second.
     */
    static final int STRAGGLER_WINDOWS = 10;
    /** How many of the windows older than that each write clears. */
    private static final int REMOVED_PER_WRITE = 10;

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
        return acquire(subject, List.of(limit), List.of(limit));
    }

    /**
     * Counts one request of {@code subject} against every limit of {@code counted}, or, when one of them is
     * exhausted, against none, in one conditional UpdateItem.
     *
     * @param counted the limits this request counts against
     * @param reported the limits to report on, in order: the counted ones, and those only looked at
     * @return for an admitted request, the reported limit with the fewest requests left (the first of equals); for
     *         a refused one, the counted limit that refused it
     */
    public RateLimitDecision acquire(String subject, List<RateLimit> counted, List<RateLimit> reported) {
        if (counted.isEmpty() || !reported.containsAll(counted)) {
            throw new IllegalArgumentException("Count at least one limit, and report on every counted one");
        }
        Windows windows = new Windows(subject, clock.instant(), counted, reported);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return windows.admitted(dynamoDb.updateItem(b -> b.tableName(table)
                            .key(Map.of(PK, AttributeValue.fromS(windows.pk)))
                            .updateExpression(windows.update)
                            .conditionExpression(windows.condition)
                            .expressionAttributeNames(windows.names)
                            .expressionAttributeValues(windows.values)
                            .returnValues(ReturnValue.ALL_NEW)
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                            .attributes());
                } catch (ConditionalCheckFailedException e) {
                    // DynamoDB hands back the item that refused the write; a store that does not (dynalite) is read.
                    Optional<RateLimitDecision> refusal = windows.refusal(e.hasItem() && !e.item().isEmpty()
                            ? e.item() : read(windows.pk));
                    if (refusal.isPresent()) {
                        return refusal.get();
                    }
                    if (attempt >= MAX_ATTEMPTS) {
                        // Refused, but the counter that refused it has been cleared since: report the tightest.
                        return windows.refusedByFirst();
                    }
                }
            }
        } catch (SdkException e) {
            throw new StoreUnavailableException("The rate limiter's store is unavailable. Nothing was changed; "
                    + "retry shortly.", 1, e);
        }
    }

    /** The clock windows are measured on. */
    public Clock clock() {
        return clock;
    }

    private Map<String, AttributeValue> read(String pk) {
        var response = dynamoDb.getItem(b -> b.tableName(table).key(Map.of(PK, AttributeValue.fromS(pk)))
                .consistentRead(true));
        return response.hasItem() ? response.item() : Map.of();
    }

    /** One request's windows: the item, the counters, and the write that counts them. */
    private static final class Windows {

        private final String pk;
        private final List<RateLimit> counted;
        private final List<RateLimit> reported;
        private final Map<RateLimit, String> counter = new HashMap<>();
        private final Map<RateLimit, Instant> reset = new HashMap<>();
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, AttributeValue> values = new HashMap<>();
        private final String update;
        private final String condition;

        Windows(String subject, Instant now, List<RateLimit> counted, List<RateLimit> reported) {
            this.counted = List.copyOf(counted);
            this.reported = List.copyOf(reported);
            long second = now.getEpochSecond();
            long span = SPAN.toSeconds();
            long spanStart = Math.floorDiv(second, span) * span;
            this.pk = subject + "#" + spanStart;
            for (RateLimit limit : reported) {
                long length = limit.window().toSeconds();
                long start = Math.floorDiv(second, length) * length;
                counter.put(limit, limit.name() + "@" + (start - spanStart));
                reset.put(limit, Instant.ofEpochSecond(start + length));
            }
            List<String> adds = new ArrayList<>();
            List<String> checks = new ArrayList<>();
            List<String> removes = new ArrayList<>();
            for (int i = 0; i < this.counted.size(); i++) {
                RateLimit limit = this.counted.get(i);
                names.put("#c" + i, counter.get(limit));
                values.put(":l" + i, AttributeValue.fromN(Integer.toString(limit.limit())));
                adds.add("#c" + i + " :one");
                checks.add("(attribute_not_exists(#c" + i + ") OR #c" + i + " < :l" + i + ")");
                long length = limit.window().toSeconds();
                long offset = reset.get(limit).getEpochSecond() - length - spanStart;
                // Windows over long enough ago that no request can still be on its way to them go, so that the item
                // stays small. Never the windows just before: a request that read the clock in one of them may land
                // after this one (its write in flight, retried), and must find its counter, not a fresh one.
                for (int k = STRAGGLER_WINDOWS; k < STRAGGLER_WINDOWS + REMOVED_PER_WRITE; k++) {
                    long old = offset - k * length;
                    if (old >= 0) {
                        String name = "#p" + i + "_" + k;
                        names.put(name, limit.name() + "@" + old);
                        removes.add(name);
                    }
                }
            }
            names.put("#exp", EXPIRES_AT);
            values.put(":one", AttributeValue.fromN("1"));
            values.put(":exp", AttributeValue.fromN(Long.toString(spanStart + 2 * span)));
            this.update = "ADD " + String.join(", ", adds) + " SET #exp = if_not_exists(#exp, :exp)"
                    + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
            this.condition = String.join(" AND ", checks);
        }

        /** The decision to report for an admitted request, from the item as the write left it. */
        RateLimitDecision admitted(Map<String, AttributeValue> item) {
            RateLimitDecision tightest = null;
            for (RateLimit limit : reported) {
                RateLimitDecision decision = new RateLimitDecision(true, limit, limit.limit() - count(item, limit),
                        reset.get(limit));
                if (tightest == null || decision.remaining() < tightest.remaining()) {
                    tightest = decision;
                }
            }
            return tightest;
        }

        /** The counted limit the item shows exhausted, if any. */
        Optional<RateLimitDecision> refusal(Map<String, AttributeValue> item) {
            return counted.stream().filter(limit -> count(item, limit) >= limit.limit()).findFirst()
                    .map(limit -> new RateLimitDecision(false, limit, 0, reset.get(limit)));
        }

        RateLimitDecision refusedByFirst() {
            RateLimit limit = counted.get(0);
            return new RateLimitDecision(false, limit, 0, reset.get(limit));
        }

        private int count(Map<String, AttributeValue> item, RateLimit limit) {
            AttributeValue value = item == null ? null : item.get(counter.get(limit));
            return value == null || value.n() == null ? 0 : Integer.parseInt(value.n());
        }
    }
}
