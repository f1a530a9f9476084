package com.cordiul.telemetry;

/** The CloudWatch units the metrics use. */
public enum MetricUnit {
    /** How many times something happened. */
    COUNT("Count"),
    /** How long something took. */
    MILLISECONDS("Milliseconds");

    private final String cloudWatchName;

    MetricUnit(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    /** The unit's name in an EMF document and a CloudWatch alarm. */
    public String cloudWatchName() {
        return cloudWatchName;
    }
}
