package dev.timescope.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/** A virtual-time domain, from its start until its close (docs/events.md). */
@Name("dev.timescope.VirtualTimeDomain")
@Label("Virtual-Time Domain")
@Description("A virtual clock (a VirtualClock, a @VirtualTime test), from its start until its close")
@Category("timescope")
@StackTrace(false)
final class DomainEvent extends Event {

    @DomainId
    @Label("Domain Id")
    @Description("The domain's id")
    long domainId;

    @Label("Name")
    @Description("The domain's name")
    String name;

    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    @Label("Virtual Start")
    @Description("The instant the clock started at")
    long virtualStart;

    @Timespan(Timespan.NANOSECONDS)
    @Label("Virtual Duration")
    @Description("Virtual time from the start until the close")
    long virtualDuration;
}
