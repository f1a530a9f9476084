package com.cordiul.local.runner.events;

import com.cordiul.stack.FunctionEvent;
import com.cordiul.stack.PseudoParameters;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The event a schedule invokes its function with, when the template gives no {@code Input}: an EventBridge rule's
 * scheduled event ({@code version} "0", {@code id}, {@code detail-type} "Scheduled Event", {@code source}
 * "aws.events", {@code account}, {@code time}, {@code region}, {@code resources} [the rule's ARN], {@code detail}
 * {}), or the EventBridge Scheduler's default notification, the same shape with {@code source} "aws.scheduler",
 * the schedule's ARN, and {@code detail} the string "{}" (as the Scheduler sends it).
 */
final class ScheduledEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScheduledEvents() {
    }

    /** The event for one firing, {@code time} its scheduled time to the second. */
    static byte[] of(FunctionEvent.Schedule schedule, Instant time) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        boolean scheduler = schedule.kind() == FunctionEvent.Schedule.Kind.SCHEDULER;
        event.put("source", scheduler ? "aws.scheduler" : "aws.events");
        event.put("account", PseudoParameters.ACCOUNT_ID);
        event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", PseudoParameters.REGION);
        event.putArray("resources").add(schedule.resourceArn());
        if (scheduler) {
            event.put("detail", "{}");
        } else {
            event.putObject("detail");
        }
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A scheduled event could not be written", e);
        }
    }
}
