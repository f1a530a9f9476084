package com.cordiul.local.runner.events;

import com.cordiul.local.runner.schedule.ScheduleExpression;
import com.cordiul.local.runner.schedule.ScheduleExpressionException;
import com.cordiul.stack.FunctionEvent;
import com.cordiul.stack.LambdaFunction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fires the functions' {@code Schedule} (EventBridge rule) and {@code ScheduleV2} (EventBridge Scheduler) events:
 * {@code rate(...)} from the stack's start, {@code cron(...)} in UTC (a ScheduleV2 in its
 * {@code ScheduleExpressionTimezone}), {@code at(...)} once; within a ScheduleV2's {@code StartDate} and
 * {@code EndDate}. Each firing invokes the function as EventBridge does, asynchronously, with the scheduled event
 * (or the template's {@code Input}); as Lambda's asynchronous invocation, a function error or timeout is retried
 * twice (after 1 and 2 minutes; {@code EventInvokeConfig.MaximumRetryAttempts} may say fewer) and a throttle with
 * backoff, while the event is less than 6 hours old ({@code MaximumEventAgeInSeconds} may say less). A schedule with
 * {@code Enabled: false} (or {@code State: DISABLED}) never fires.
 *
 * <p>With a scale above 1, every time of a schedule runs on a clock that many times faster than UTC, starting at the
 * stack's start: at 60, {@code rate(5 minutes)} fires every 5 seconds, an hourly cron once a minute, and the retries
 * come after 1 and 2 seconds.
 */
final class ScheduleRunner implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Duration> RETRY_DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2));
    private static final Duration MAX_EVENT_AGE = Duration.ofHours(6);
    private static final Duration MAX_THROTTLE_BACKOFF = Duration.ofMinutes(5);

    /** One schedule, checked. */
    record Job(String functionId, FunctionEvent.Schedule event, ScheduleExpression expression, ZoneId zone,
               byte[] input, int maxRetries, Duration maxEventAge, Optional<Instant> startDate,
               Optional<Instant> endDate) {

        String label() {
            return functionId + " " + event.name() + " (" + event.expression() + ")";
        }
    }

    /** How a schedule is doing. */
    private static final class Status {
        private final AtomicLong invocations = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private volatile Instant next;
    }

    private final List<Job> jobs;
    private final List<Status> statuses = new ArrayList<>();
    private final EventTarget target;
    private final EventLog log;
    private final double scale;
    private final Instant origin;
    private final ScheduledExecutorService timer;
    private final ExecutorService invokers;
    private volatile boolean closed;

    ScheduleRunner(List<Job> jobs, EventTarget target, EventLog log, double scale) {
        this.jobs = List.copyOf(jobs);
        jobs.forEach(j -> statuses.add(new Status()));
        this.target = target;
        this.log = log;
        this.scale = scale;
        this.origin = Instant.now();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "schedules"));
        AtomicInteger n = new AtomicInteger();
        this.invokers = Executors.newCachedThreadPool(r -> daemon(r, "schedule-invoke-" + n.incrementAndGet()));
    }

    /**
     * A function's schedule event, checked as EventBridge checks it: a valid expression ({@code at()} only for the
     * Scheduler), a known timezone, an {@code Input} that is JSON.
     */
    static Job job(LambdaFunction function, FunctionEvent.Schedule event) {
        String where = function.logicalId() + " event " + event.name();
        ScheduleExpression expression;
        try {
            expression = ScheduleExpression.parse(event.expression());
        } catch (ScheduleExpressionException e) {
            throw new InvalidEventSourceException(where + ": " + e.getMessage());
        }
        boolean scheduler = event.kind() == FunctionEvent.Schedule.Kind.SCHEDULER;
        if (expression instanceof ScheduleExpression.At && !scheduler) {
            throw new InvalidEventSourceException(where + ": at(...) is for ScheduleV2 (the EventBridge Scheduler), "
                    + "not an EventBridge rule");
        }
        ZoneId zone = ZoneOffset.UTC;
        String timezone = event.properties().path("ScheduleExpressionTimezone").asText("");
        if (scheduler && !timezone.isEmpty()) {
            try {
                zone = ZoneId.of(timezone);
            } catch (DateTimeException e) {
                throw new InvalidEventSourceException(where + ": no such ScheduleExpressionTimezone: " + timezone);
            }
        }
        byte[] input = null;
        if (event.input().isPresent()) {
            try {
                JSON.readTree(event.input().get());
            } catch (IOException e) {
                throw new InvalidEventSourceException(where + ": its Input is not JSON: " + event.input().get());
            }
            input = event.input().get().getBytes(StandardCharsets.UTF_8);
        }
        JsonNode config = function.properties().path("EventInvokeConfig");
        int retries = config.path("MaximumRetryAttempts").asInt(RETRY_DELAYS.size());
        Duration age = Duration.ofSeconds(config.path("MaximumEventAgeInSeconds").asLong(MAX_EVENT_AGE.toSeconds()));
        return new Job(function.logicalId(), event, expression, zone, input, Math.max(0, Math.min(retries,
                RETRY_DELAYS.size())), age, date(where, event, "StartDate"), date(where, event, "EndDate"));
    }

    private static Optional<Instant> date(String where, FunctionEvent.Schedule event, String property) {
        JsonNode value = event.properties().path(property);
        if (value.isMissingNode() || value.isNull() || event.kind() != FunctionEvent.Schedule.Kind.SCHEDULER) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.asText()));
        } catch (DateTimeException e) {
            throw new InvalidEventSourceException(where + ": its " + property + " is no ISO-8601 time: " + value);
        }
    }

    /** Schedules the first firing of every enabled schedule. */
    void start() {
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i).event().enabled()) {
                scheduleNext(i, virtual(Instant.now()));
            }
        }
    }

    List<Job> jobs() {
        return jobs;
    }

    /** When a schedule fires next (real time), if it does. */
    Optional<Instant> next(int index) {
        return Optional.ofNullable(statuses.get(index).next);
    }

    long invocations(int index) {
        return statuses.get(index).invocations.get();
    }

    long failures(int index) {
        return statuses.get(index).failures.get();
    }

    private void scheduleNext(int index, Instant afterVirtual) {
        Job job = jobs.get(index);
        Status status = statuses.get(index);
        Instant after = afterVirtual;
        if (job.startDate().isPresent() && after.isBefore(job.startDate().get())) {
            after = job.startDate().get().minusNanos(1);
        }
        Optional<Instant> next = job.expression().next(after, origin, job.zone());
        if (next.isPresent() && job.endDate().isPresent() && next.get().isAfter(job.endDate().get())) {
            next = Optional.empty();
        }
        if (next.isEmpty() || closed) {
            status.next = null;
            return;
        }
        Instant fireVirtual = next.get();
        Instant fireReal = real(fireVirtual);
        status.next = fireReal;
        Duration wait = Duration.between(Instant.now(), fireReal);
        long delay = wait.isNegative() ? 0 : wait.compareTo(Duration.ofDays(365 * 200)) > 0 ? Long.MAX_VALUE / 2
                : wait.toNanos();
        try {
            timer.schedule(() -> fire(index, fireVirtual, fireReal), delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            status.next = null;
        }
    }

    private void fire(int index, Instant fireVirtual, Instant fireReal) {
        Job job = jobs.get(index);
        byte[] event = job.input() != null ? job.input() : ScheduledEvents.of(job.event(), fireReal);
        String requestId = UUID.randomUUID().toString();
        submit(() -> deliver(index, event, requestId, fireReal, 0, Duration.ofSeconds(1)));
        Instant now = virtual(Instant.now());
        // EventBridge does not make up for firings it missed: the next one is the next after now.
        scheduleNext(index, now.isAfter(fireVirtual) ? now : fireVirtual);
    }

    /** One attempt of Lambda's asynchronous invocation of a firing; retried as Lambda retries it. */
    private void deliver(int index, byte[] event, String requestId, Instant firedAt, int retries, Duration backoff) {
        if (closed) {
            return;
        }
        Job job = jobs.get(index);
        Status status = statuses.get(index);
        InvokeResult result = target.invoke(job.functionId(), event, requestId);
        if (closed) {
            // The stack stopped under the invocation (its instances are being retired): nothing to report.
            return;
        }
        if (result instanceof InvokeResult.Succeeded) {
            status.invocations.incrementAndGet();
        } else if (result instanceof InvokeResult.Throttled t) {
            Duration age = Duration.between(firedAt, Instant.now());
            if (age.plus(backoff).compareTo(scaled(job.maxEventAge())) > 0) {
                status.failures.incrementAndGet();
                log.write("schedule", job.label() + ": invocation (request " + requestId + ") throttled until the "
                        + "event was " + job.maxEventAge().toSeconds() + " s old: dropped (" + t.message() + ")");
                return;
            }
            if (backoff.equals(Duration.ofSeconds(1))) {
                log.write("schedule", job.label() + ": invocation (request " + requestId + ") throttled ("
                        + t.message() + "); Lambda retries it with backoff");
            }
            Duration longer = backoff.multipliedBy(2).compareTo(MAX_THROTTLE_BACKOFF) > 0 ? MAX_THROTTLE_BACKOFF
                    : backoff.multipliedBy(2);
            later(backoff, () -> deliver(index, event, requestId, firedAt, retries, longer));
        } else if (result instanceof InvokeResult.Failed f) {
            status.failures.incrementAndGet();
            Duration delay = retries < job.maxRetries() ? scaled(RETRY_DELAYS.get(retries)) : Duration.ZERO;
            boolean tooOld = Duration.between(firedAt, Instant.now()).plus(delay)
                    .compareTo(scaled(job.maxEventAge())) > 0;
            if (retries < job.maxRetries() && !tooOld) {
                log.write("schedule", job.label() + ": invocation (request " + requestId + ") failed: "
                        + f.describe() + "; Lambda retries it in " + delay.toMillis() + " ms (retry " + (retries + 1)
                        + " of " + job.maxRetries() + ")");
                later(delay, () -> deliver(index, event, requestId, firedAt, retries + 1, backoff));
            } else {
                log.write("schedule", job.label() + ": invocation (request " + requestId + ") failed: "
                        + f.describe() + "; " + (tooOld ? "the event would be older than its maximum age ("
                        + job.maxEventAge().toSeconds() + " s) at the next retry" : "no retry left ("
                        + job.maxRetries() + " done)") + ": the event is dropped");
            }
        }
    }

    private void later(Duration delay, Runnable action) {
        try {
            timer.schedule(() -> submit(action), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Stopping: nothing more is delivered.
        }
    }

    private void submit(Runnable action) {
        try {
            invokers.execute(action);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Stopping: nothing more is delivered.
        }
    }

    /** The schedule's clock at a real time: {@code scale} times faster than UTC since the start. */
    Instant virtual(Instant real) {
        return shifted(seconds(origin, real) * scale);
    }

    /** The real time at which the schedule's clock shows {@code virtual}. */
    Instant real(Instant virtual) {
        return shifted(seconds(origin, virtual) / scale);
    }

    private static double seconds(Instant from, Instant to) {
        return (to.getEpochSecond() - from.getEpochSecond()) + (to.getNano() - from.getNano()) / 1e9;
    }

    /** The origin plus that many seconds (a time beyond any schedule's reach when it is absurdly far). */
    private Instant shifted(double seconds) {
        double capped = Math.max(-1e12, Math.min(1e12, seconds));
        long whole = (long) Math.floor(capped);
        return origin.plusSeconds(whole).plusNanos((long) ((capped - whole) * 1e9));
    }

    private Duration scaled(Duration duration) {
        return Duration.ofNanos((long) (duration.toNanos() / scale));
    }

    /** Stops firing; invocations under way finish. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        invokers.shutdown();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
