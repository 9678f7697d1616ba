package dev.timescope.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/** A domain's clock moved forwards (docs/events.md). */
@Name("dev.timescope.ClockAdvance")
@Label("Clock Advance")
@Description("A virtual clock moved forwards, and the timers due then fired")
@Category("timescope")
@StackTrace(false)
final class ClockAdvanceEvent extends Event {

    @DomainId
    @Label("Domain Id")
    @Description("The domain whose clock moved")
    long domainId;

    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    @Label("From")
    @Description("The clock before")
    long from;

    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    @Label("To")
    @Description("The clock after")
    long to;

    @Timespan(Timespan.NANOSECONDS)
    @Label("Elapsed")
    @Description("The clock after, as virtual time since the domain started")
    long elapsed;

    @Label("Timers Fired")
    @Description("How many timers fired at the new instant")
    int timersFired;

    @Label("Cause")
    @Description("TIMER: the next deadline was reached; SPIN: a spinning member moved the clock by one tick")
    String cause;

    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    @Label("Virtual Start")
    @Description("The clock before, as in from")
    long virtualStart;

    @Timespan(Timespan.NANOSECONDS)
    @Label("Virtual Duration")
    @Description("How far the clock moved")
    long virtualDuration;
}
