package dev.timescope.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Contextual;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/**
 * A task, from its fork until its thread left its code (docs/events.md): the JDK 25 copy of the class, whose id
 * and name are the context of the events the task's thread records meanwhile. Its fields are exactly those of the
 * base class.
 */
@Name("dev.timescope.Task")
@Label("Task")
@Description("A task forked in a scope, from the fork until its thread left the task's code")
@Category("timescope")
@StackTrace(false)
@Period("endChunk")
final class TaskEvent extends Event {

    @Contextual
    @TaskId
    @Label("Task Id")
    @Description("The task's id")
    long taskId;

    @ScopeId
    @Label("Scope Id")
    @Description("The scope the task was forked in")
    long scopeId;

    @TaskId
    @Label("Parent Task Id")
    @Description("The task that forked this one; 0 if the forking thread is no task's")
    long parentTaskId;

    @Contextual
    @Label("Name")
    @Description("The task's name")
    String name;

    @Label("Outcome")
    @Description("SUCCESS, FAILED or CANCELLED")
    String outcome;

    @Label("Failure")
    @Description("The exception, as class: message; null if the code returned")
    String failure;

    @Label("Failure Stack")
    @Description("The stack trace of the exception of a failed task; null otherwise")
    String failureStack;

    @Label("Thread Name")
    @Description("The name of the task's thread; empty for an unnamed virtual thread")
    String threadName;

    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    @Label("Virtual End")
    @Description("The domain's clock when the task's thread left its code; 0 outside a domain")
    long virtualEnd;

    @DomainId
    @Label("Domain Id")
    @Description("The virtual-time domain of the forking thread; 0 if none")
    long domainId;

    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    @Label("Virtual Start")
    @Description("The domain's clock at the fork; 0 outside a domain")
    long virtualStart;

    @Timespan(Timespan.NANOSECONDS)
    @Label("Virtual Duration")
    @Description("Virtual time from the fork until the task's thread left its code; 0 outside a domain")
    long virtualDuration;

    /** Where the virtual duration is measured from: not recorded. */
    transient VirtualSpan span;

    /** {@code System.nanoTime()}, real time, when the task's thread began its code, or 0: not recorded. */
    transient long codeStarted;
}
