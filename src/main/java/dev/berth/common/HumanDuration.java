package dev.berth.common;

import java.time.Duration;

/**
 * Go's {@code units.HumanDuration} (github.com/docker/go-units), which docker prints in {@code ps} and
 * {@code images}: "Less than a second", "5 seconds", "About a minute", "3 hours", "2 weeks". The daemon's
 * status strings and the CLI's columns both use it, so they read the same.
 */
public final class HumanDuration {
    private HumanDuration() {}

    public static String of(Duration d) {
        long seconds = d.toSeconds();
        long minutes = d.toMinutes();
        long hours = Math.round(d.toMillis() / 3_600_000.0);
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        } else if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        } else if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return hours / 24 / 365 + " years";
    }
}
