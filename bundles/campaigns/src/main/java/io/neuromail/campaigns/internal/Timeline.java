package io.neuromail.campaigns.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.neuromail.tracking.api.Engagement;

/**
 * A report's opens, clicks and unsubscribes over time: one point per hour for the first 48 hours after
 * the send started, then one per day (UTC). Built from tracking's hourly counters (a few hundred rows
 * at most per send), never from events. Points run from the start to the current hour or day, with
 * zeros where nothing happened, so that a chart shows quiet hours as quiet.
 */
final class Timeline {

    /** How long the hourly part lasts. */
    static final Duration HOURLY = Duration.ofHours(48);
    /** At most this many daily points (a year). */
    static final int MAX_DAYS = 366;

    /**
     * One hour or day.
     *
     * @param start             its start (UTC)
     * @param uniqueHumanOpens  messages a person opened for the first time in it
     * @param uniqueHumanClicks messages a person clicked in for the first time in it
     */
    record Point(Instant start, long humanOpens, long uniqueHumanOpens, long machineOpens, long humanClicks,
                 long uniqueHumanClicks, long machineClicks, long unsubscribes) {

        Point plus(Engagement.Hour h) {
            return new Point(start, humanOpens + h.humanOpens(), uniqueHumanOpens + h.uniqueHumanOpens(),
                    machineOpens + h.machineOpens(), humanClicks + h.humanClicks(),
                    uniqueHumanClicks + h.uniqueHumanClicks(), machineClicks + h.machineClicks(),
                    unsubscribes + h.unsubscribes());
        }

        static Point empty(Instant start) {
            return new Point(start, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /** The hourly points (the first 48 hours) and the daily ones after them; both empty before a start. */
    record View(List<Point> hours, List<Point> days) {
    }

    private Timeline() {
    }

    /**
     * @param hours the send's hourly counters, oldest first
     * @param start when the send started, or {@code null} when it has not
     * @param now   the current time
     */
    static View of(List<Engagement.Hour> hours, Instant start, Instant now) {
        if (start == null) {
            return new View(List.of(), List.of());
        }
        Instant first = start.truncatedTo(ChronoUnit.HOURS);
        if (!hours.isEmpty() && hours.get(0).start().isBefore(first)) {
            // A test hit before the recorded start (clocks of several nodes): the timeline starts with it.
            first = hours.get(0).start();
        }
        Instant dailyFrom = first.plus(HOURLY);
        Instant last = now.truncatedTo(ChronoUnit.HOURS);
        if (!hours.isEmpty() && hours.get(hours.size() - 1).start().isAfter(last)) {
            last = hours.get(hours.size() - 1).start();
        }
        List<Point> hourly = new ArrayList<>();
        for (Instant h = first; h.isBefore(dailyFrom) && !h.isAfter(last); h = h.plus(Duration.ofHours(1))) {
            hourly.add(Point.empty(h));
        }
        List<Point> daily = new ArrayList<>();
        if (!dailyFrom.isAfter(last)) {
            LocalDate firstDay = LocalDate.ofInstant(dailyFrom, ZoneOffset.UTC);
            LocalDate lastDay = LocalDate.ofInstant(last, ZoneOffset.UTC);
            long days = Math.min(MAX_DAYS, ChronoUnit.DAYS.between(firstDay, lastDay) + 1);
            for (long d = 0; d < days; d++) {
                // The first day starts where the hourly part ends, so that no hour counts twice.
                Instant dayStart = firstDay.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant();
                daily.add(Point.empty(d == 0 ? dailyFrom : dayStart));
            }
        }
        for (Engagement.Hour h : hours) {
            if (h.start().isBefore(dailyFrom)) {
                int i = (int) Duration.between(first, h.start()).toHours();
                if (i >= 0 && i < hourly.size()) {
                    hourly.set(i, hourly.get(i).plus(h));
                }
            } else if (!daily.isEmpty()) {
                LocalDate firstDay = LocalDate.ofInstant(dailyFrom, ZoneOffset.UTC);
                long i = ChronoUnit.DAYS.between(firstDay, LocalDate.ofInstant(h.start(), ZoneOffset.UTC));
                if (i >= 0 && i < daily.size()) {
                    daily.set((int) i, daily.get((int) i).plus(h));
                }
            }
        }
        return new View(List.copyOf(hourly), List.copyOf(daily));
    }
}
