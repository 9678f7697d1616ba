package dev.timescope.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/** The watchdog found a domain deadlocked (docs/events.md). */
@Name("dev.timescope.Deadlock")
@Label("Deadlock")
@Description("Every thread of a virtual-time domain waits and nothing can wake one: the report the test fails with")
@Category("timescope")
@StackTrace(false)
final class DeadlockEvent extends Event {

    @DomainId
    @Label("Domain Id")
    @Description("The deadlocked domain")
    long domainId;

    @Label("Report")
    @Description("Every thread of the domain, what it waits for, and its stack")
    String report;

    @Label("Scopes")
    @Description("The scopes and tasks open in the JVM at the deadlock, as an indented tree; null if none")
    String scopes;

    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    @Label("Virtual Start")
    @Description("The domain's clock, which stood still")
    long virtualStart;

    @Timespan(Timespan.NANOSECONDS)
    @Label("Virtual Duration")
    @Description("Always 0: an instant")
    long virtualDuration;
}
