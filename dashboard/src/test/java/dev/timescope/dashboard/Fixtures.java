package dev.timescope.dashboard;

import java.time.Duration;
import java.time.Instant;

/** Recordings the tests, the screenshot and the benchmark draw. */
final class Fixtures {

    static final Instant DAY = Instant.parse("2030-01-07T00:00:00Z");

    private Fixtures() {
    }

    private static Instant at(String hhmm) {
        String[] p = hhmm.split(":");
        return DAY.plus(Duration.ofHours(Long.parseLong(p[0]))).plus(Duration.ofMinutes(Long.parseLong(p[1])));
    }

    /**
     * A service's day: a nightly backup with nested uploads, morning traffic under a supervisor (one request fails,
     * nothing is cancelled), a fail-fast checkout whose card payment fails and cancels its siblings, metrics, a
     * cache warmer still running when the recording ends; and the quick start on a clock of its own.
     */
    static SyntheticRecording day() {
        SyntheticRecording r = new SyntheticRecording();
        SyntheticRecording.Domain day = r.domain("a day in the life", DAY, Duration.ofHours(24));

        SyntheticRecording.Scope backup = day.scope("nightly backup", "TaskScope", at("02:00"), Duration.ofMinutes(41));
        backup.task("dump orders database", at("02:00"), Duration.ofMinutes(26));
        backup.task("dump users database", at("02:00"), Duration.ofMinutes(17));
        SyntheticRecording.Task upload = backup.task("upload to storage", at("02:26"), Duration.ofMinutes(15));
        SyntheticRecording.Scope parts = upload.scope("upload parts", "TaskGroup", at("02:26"), Duration.ofMinutes(15));
        for (int i = 1; i <= 4; i++) {
            parts.task("part " + i + " of 4", at("02:26"), Duration.ofMinutes(6L + 2 * i));
        }
        day.advance(at("02:00"), at("02:17"), 1);
        day.advance(at("02:17"), at("02:26"), 1);
        day.advance(at("02:26"), at("02:41"), 4);

        SyntheticRecording.Scope warmer = day.scope("cache warmer", "Supervisor", at("06:00"), Duration.ZERO);
        warmer.running();
        SyntheticRecording.Task refresh = warmer.task("refresh prices", at("06:00"), Duration.ZERO);
        refresh.running();
        refresh.scope("round 42", "TaskScope", at("18:00"), Duration.ofMinutes(3))
                .task("fetch price list", at("18:00"), Duration.ofMinutes(3));

        SyntheticRecording.Scope traffic = day.scope("morning traffic", "Supervisor", at("08:00"), Duration.ofHours(2));
        int[] minutes = {3, 11, 7, 25, 14, 40, 9, 31, 18, 5, 22, 12};
        for (int i = 0; i < minutes.length; i++) {
            SyntheticRecording.Task request = traffic.task("GET /orders/" + (410 + i), at("08:" + (i * 4 < 10 ? "0" : "")
                    + i * 4), Duration.ofMinutes(minutes[i]));
            if (i == 7) {
                request.failed("java.net.SocketTimeoutException: Read timed out after 30000 ms");
            }
        }
        day.advance(at("08:00"), at("10:00"), 12);

        SyntheticRecording.Scope checkout = day.scope("checkout order 8812", "TaskGroup", at("12:30"),
                Duration.ofMillis(1800));
        checkout.failed("dev.timescope.ScopeFailedException: charge card failed",
                "a task failed: java.io.IOException: payment gateway answered 502 Bad Gateway");
        SyntheticRecording.Task reserve = checkout.task("reserve stock", at("12:30"), Duration.ofMillis(1800));
        SyntheticRecording.Task charge = checkout.task("charge card", at("12:30"), Duration.ofMillis(1800))
                .failed("java.io.IOException: payment gateway answered 502 Bad Gateway");
        SyntheticRecording.Task receipt = checkout.task("prepare receipt", at("12:30"), Duration.ofMillis(1800));
        reserve.cancelled();
        receipt.cancelled();
        String detail = "task charge card failed: java.io.IOException: payment gateway answered 502 Bad Gateway";
        checkout.cancel(reserve, charge, "FAIL_FAST", detail, at("12:30").plusMillis(1800));
        checkout.cancel(receipt, charge, "FAIL_FAST", detail, at("12:30").plusMillis(1800));
        day.advance(at("12:30"), at("12:30").plusMillis(1800), 1);

        SyntheticRecording.Scope metrics = day.scope("hourly metrics", "TaskGroup", at("00:00"), Duration.ofHours(24));
        for (int h = 0; h < 24; h += 4) {
            metrics.task("flush metrics " + (h < 10 ? "0" : "") + h + ":00", at(h + ":00"), Duration.ofMinutes(2));
        }
        for (int h = 10; h < 24; h += 2) {
            day.advance(at(h + ":00"), at((h + 2 == 24 ? 23 : h + 2) + ":" + (h + 2 == 24 ? "59" : "00")), 1);
        }

        SyntheticRecording.Domain quick = r.domain("quick start", DAY, Duration.ofSeconds(3));
        SyntheticRecording.Scope scope = quick.scope("quick start", "TaskScope", DAY, Duration.ofSeconds(3));
        scope.task("sleep 2 s", DAY, Duration.ofSeconds(2));
        scope.task("sleep 1 s", DAY, Duration.ofSeconds(1));
        scope.task("sleep 3 s", DAY, Duration.ofSeconds(3));
        quick.advance(DAY, DAY.plusSeconds(1), 1);
        quick.advance(DAY.plusSeconds(1), DAY.plusSeconds(2), 1);
        quick.advance(DAY.plusSeconds(2), DAY.plusSeconds(3), 1);
        return r;
    }

    /** Markup in every name, message, reason and report; each piece would set window.pwned or call alert if run. */
    static SyntheticRecording markup() {
        SyntheticRecording r = new SyntheticRecording();
        SyntheticRecording.Domain d = r.domain("<script>window.pwned='domain'</script>", DAY, Duration.ofSeconds(5));
        SyntheticRecording.Scope s = d.scope("<img src=x onerror=\"window.pwned='scope'\">", "TaskScope", DAY,
                Duration.ofSeconds(3));
        SyntheticRecording.Task bad = s.task("<img src=x onerror=alert(1)>", DAY, Duration.ofSeconds(1))
                .failed("</script><script>window.pwned='failure'</script>");
        SyntheticRecording.Task other = s.task("<svg onload=\"window.pwned='svg'\">\u2028&amp;", DAY,
                Duration.ofSeconds(2)).cancelled();
        s.cancel(other, bad, "<b onmouseover=alert(2)>reason</b>", "<i onclick=alert(4)>detail</i>", DAY.plusSeconds(1));
        d.deadlock("<iframe src=\"javascript:window.pwned='report'\"></iframe>", DAY.plusSeconds(4));
        return r;
    }

    /**
     * {@code tasks} tasks in fail-fast scopes of 100 under one domain; one scope in 50 has a failure that cancels
     * its still-running siblings, and one task in 1,000 is still running at the end.
     */
    static SyntheticRecording large(int tasks) {
        SyntheticRecording r = new SyntheticRecording();
        SyntheticRecording.Domain d = r.domain("load test", DAY, Duration.ofSeconds(tasks / 100 + 1));
        int scopes = (tasks + 99) / 100;
        int made = 0;
        for (int s = 0; s < scopes; s++) {
            Instant start = DAY.plusSeconds(s);
            SyntheticRecording.Scope scope = d.scope("request " + s, "TaskGroup", start, Duration.ofMillis(900));
            boolean fails = s % 50 == 7;
            SyntheticRecording.Task failure = null;
            for (int t = 0; t < 100 && made < tasks; t++, made++) {
                SyntheticRecording.Task task = scope.task("step " + t + " of request " + s, start,
                        Duration.ofMillis(10 + (t * 37 + s * 11) % 880));
                if (made % 1000 == 999) {
                    // Still running: only the scope its code opened names it.
                    task.running();
                    task.scope("retry of step " + t, "TaskScope", start, Duration.ofMillis(20))
                            .task("attempt 2 of step " + t, start, Duration.ofMillis(20));
                } else if (fails && t == 3) {
                    failure = task.failed("java.lang.IllegalStateException: step " + t + " failed");
                } else if (failure != null && t > 3 && t % 2 == 0) {
                    task.cancelled();
                    scope.cancel(task, failure, "FAIL_FAST", "task " + failure.name + " failed", start);
                }
            }
            if (fails) {
                scope.failed("dev.timescope.ScopeFailedException: step 3 failed", "a task failed");
            }
            d.advance(start, start.plusMillis(900), 100);
        }
        return r;
    }
}
