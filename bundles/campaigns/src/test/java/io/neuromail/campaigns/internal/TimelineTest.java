package io.neuromail.campaigns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.neuromail.tracking.api.Engagement.Hour;

class TimelineTest {

    static final Instant START = Instant.parse("2030-05-01T09:40:00Z");

    static Hour hour(String at, long humanOpens, long unsubscribes) {
        return new Hour(Instant.parse(at), humanOpens, humanOpens, 1, 0, 0, 0, unsubscribes);
    }

    @Test
    void beforeTheSendStartsThereIsNoTimeline() {
        assertEquals(new Timeline.View(List.of(), List.of()), Timeline.of(List.of(), null, START));
    }

    @Test
    void aFewHoursInThereIsAPointPerHourUpToNowAndQuietHoursAreZero() {
        Timeline.View v = Timeline.of(List.of(hour("2030-05-01T09:00:00Z", 3, 0), hour("2030-05-01T11:00:00Z", 2, 1)),
                START, Instant.parse("2030-05-01T12:05:00Z"));
        assertEquals(4, v.hours().size());
        assertEquals(List.of(3L, 0L, 2L, 0L), v.hours().stream().map(Timeline.Point::humanOpens).toList());
        assertEquals(Instant.parse("2030-05-01T10:00:00Z"), v.hours().get(1).start());
        assertEquals(1, v.hours().get(2).unsubscribes());
        assertEquals(List.of(), v.days());
    }

    @Test
    void after48HoursTheRestIsCountedPerDayAndNoHourTwice() {
        List<Hour> hours = List.of(hour("2030-05-01T09:00:00Z", 5, 0), hour("2030-05-03T08:00:00Z", 1, 0),
                hour("2030-05-03T09:00:00Z", 2, 0), hour("2030-05-03T23:00:00Z", 4, 0), hour("2030-05-05T10:00:00Z", 7, 2));
        Timeline.View v = Timeline.of(hours, START, Instant.parse("2030-05-06T00:30:00Z"));
        assertEquals(48, v.hours().size());
        assertEquals(1, v.hours().get(47).humanOpens(), "08:00 on the 3rd is the 48th hour");
        assertEquals(List.of(Instant.parse("2030-05-03T09:00:00Z"), Instant.parse("2030-05-04T00:00:00Z"),
                Instant.parse("2030-05-05T00:00:00Z"), Instant.parse("2030-05-06T00:00:00Z")),
                v.days().stream().map(Timeline.Point::start).toList());
        assertEquals(List.of(6L, 0L, 7L, 0L), v.days().stream().map(Timeline.Point::humanOpens).toList());
        long all = v.hours().stream().mapToLong(Timeline.Point::humanOpens).sum()
                + v.days().stream().mapToLong(Timeline.Point::humanOpens).sum();
        assertEquals(19, all, "every hour counted once");
        assertEquals(2, v.days().get(2).unsubscribes());
    }

    @Test
    void aLongRunningSendStopsAfterAYearOfDays() {
        Timeline.View v = Timeline.of(List.of(), START, START.plusSeconds(3L * 365 * 24 * 3600));
        assertEquals(48, v.hours().size());
        assertEquals(Timeline.MAX_DAYS, v.days().size());
    }
}
