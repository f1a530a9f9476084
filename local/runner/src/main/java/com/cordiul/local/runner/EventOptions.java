package com.cordiul.local.runner;

import java.nio.file.Path;

/**
 * What a {@link LocalStack} runs besides the API, as the template declares it: ElasticMQ with the template's
 * queues, the SQS event source mappings that poll them, and the EventBridge schedules.
 *
 * @param queueDataDir  where ElasticMQ keeps its queues and messages across restarts, or null to keep them in memory
 * @param queuePort     ElasticMQ's port on 127.0.0.1 (0 for a free one)
 * @param schedules     whether the functions' {@code Schedule} and {@code ScheduleV2} events fire (each still only
 *                      when the template enables it)
 * @param scheduleScale how many times faster than the template says schedules run: 1 is the template's own
 *                      schedule, 60 fires a {@code rate(1 minute)} every second and runs a {@code cron} on a clock 60
 *                      times faster than UTC, starting now
 */
public record EventOptions(Path queueDataDir, int queuePort, boolean schedules, double scheduleScale) {

    /** The fastest and slowest schedules accepted. */
    public static final double MAX_SCHEDULE_SCALE = 10_000;
    public static final double MIN_SCHEDULE_SCALE = 0.01;

    public EventOptions {
        if (queuePort < 0 || queuePort > 65535) {
            throw new IllegalArgumentException("Not a port: " + queuePort);
        }
        if (!(scheduleScale >= MIN_SCHEDULE_SCALE && scheduleScale <= MAX_SCHEDULE_SCALE)) {
            throw new IllegalArgumentException("A schedule scale is from " + MIN_SCHEDULE_SCALE + " to "
                    + (long) MAX_SCHEDULE_SCALE + " (how many times faster than the template's schedule), not "
                    + scheduleScale);
        }
    }

    /** Queues in memory on a free port; schedules on, at the template's pace. */
    public static EventOptions defaults() {
        return new EventOptions(null, 0, true, 1);
    }

    /** ElasticMQ keeping its data in that folder (null: in memory). */
    public EventOptions withQueueDataDir(Path value) {
        return new EventOptions(value, queuePort, schedules, scheduleScale);
    }

    /** ElasticMQ on that port. */
    public EventOptions withQueuePort(int value) {
        return new EventOptions(queueDataDir, value, schedules, scheduleScale);
    }

    /** Schedules on or off. */
    public EventOptions withSchedules(boolean value) {
        return new EventOptions(queueDataDir, queuePort, value, scheduleScale);
    }

    /** Schedules that many times faster. */
    public EventOptions withScheduleScale(double value) {
        return new EventOptions(queueDataDir, queuePort, schedules, value);
    }
}
