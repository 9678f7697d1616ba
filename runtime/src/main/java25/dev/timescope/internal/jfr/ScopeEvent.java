package dev.timescope.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Contextual;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/**
 * A scope, from open to close (docs/events.md): the JDK 25 copy of the class, whose id and name are the context
 * of the events its owner's thread records meanwhile. Its fields are exactly those of the base class.
 */
@Name("dev.timescope.Scope")
@Label("Scope")
@Description("A TaskScope, Supervisor or TaskGroup, from when it opened until its close() had waited for every task")
@Category("timescope")
@StackTrace(false)
final class ScopeEvent extends Event {

    @Contextual
    @ScopeId
    @Label("Scope Id")
    @Description("The scope's id")
    long scopeId;

    @ScopeId
    @Label("Parent Scope Id")
    @Description("The scope this one is nested in; 0 for a top-level scope")
    long parentScopeId;

    @TaskId
    @Label("Parent Task Id")
    @Description("The task whose thread opened the scope; 0 if its owner is no task's thread")
    long parentTaskId;

    @Contextual
    @Label("Name")
    @Description("The scope's name")
    String name;

    @Label("Kind")
    @Description("TaskScope, Supervisor or TaskGroup")
    String kind;

    @Label("Outcome")
    @Description("SUCCESS, ABORTED, FAILED, TIMED_OUT or CANCELLED: how leaving the scope went")
    String outcome;

    @Label("Failure")
    @Description("What leaving the scope threw, as class: message; null if nothing")
    String failure;

    @Label("Abort Reason")
    @Description("Why the scope was aborted; null if it was not")
    String abortReason;

    @Timespan(Timespan.NANOSECONDS)
    @Label("Timeout")
    @Description("The scope's timeout; 0 if it has none")
    long timeout;

    @Label("Shielded")
    @Description("Whether the scope defers the cancellations of its owner's task")
    boolean shielded;

    @DomainId
    @Label("Domain Id")
    @Description("The virtual-time domain of the owner; 0 if none")
    long domainId;

    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    @Label("Virtual Start")
    @Description("The domain's clock when the scope opened; 0 outside a domain")
    long virtualStart;

    @Timespan(Timespan.NANOSECONDS)
    @Label("Virtual Duration")
    @Description("Virtual time from open to close; 0 outside a domain")
    long virtualDuration;

    /** Where the virtual duration is measured from: not recorded. */
    transient VirtualSpan span;
}
