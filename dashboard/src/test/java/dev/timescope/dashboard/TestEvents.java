package dev.timescope.dashboard;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/**
 * Stand-ins for timescope-runtime's events with the same names and fields, so that tests can write recordings of
 * any tree: the reader matches events by name and field, exactly as it reads the runtime's.
 */
final class TestEvents {

    private TestEvents() {
    }

    @Name("dev.timescope.VirtualTimeDomain")
    @Label("Virtual-time domain")
    @Category("timescope")
    @StackTrace(false)
    static final class DomainEvent extends Event {
        @Label("Domain id")
        long domainId;
        @Label("Name")
        String name;
        @Label("Virtual start")
        @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
        long virtualStart;
        @Label("Virtual duration")
        @Timespan(Timespan.NANOSECONDS)
        long virtualDuration;
    }

    @Name("dev.timescope.Scope")
    @Label("Scope")
    @Category("timescope")
    @StackTrace(false)
    static final class ScopeEvent extends Event {
        @Label("Scope id")
        long scopeId;
        @Label("Parent scope id")
        long parentScopeId;
        @Label("Parent task id")
        long parentTaskId;
        @Label("Name")
        String name;
        @Label("Kind")
        String kind;
        @Label("Outcome")
        String outcome;
        @Label("Failure")
        String failure;
        @Label("Abort reason")
        String abortReason;
        @Label("Domain id")
        long domainId;
        @Label("Virtual start")
        @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
        long virtualStart;
        @Label("Virtual duration")
        @Timespan(Timespan.NANOSECONDS)
        long virtualDuration;
    }

    @Name("dev.timescope.Task")
    @Label("Task")
    @Category("timescope")
    @StackTrace(false)
    static final class TaskEvent extends Event {
        @Label("Task id")
        long taskId;
        @Label("Scope id")
        long scopeId;
        @Label("Parent task id")
        long parentTaskId;
        @Label("Name")
        String name;
        @Label("Outcome")
        String outcome;
        @Label("Failure")
        String failure;
        @Label("Failure stack")
        String failureStack;
        @Label("Thread name")
        String threadName;
        @Label("Domain id")
        long domainId;
        @Label("Virtual start")
        @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
        long virtualStart;
        @Label("Virtual duration")
        @Timespan(Timespan.NANOSECONDS)
        long virtualDuration;
    }

    @Name("dev.timescope.TaskCancel")
    @Label("Task cancel")
    @Category("timescope")
    @StackTrace(false)
    static final class CancelEvent extends Event {
        @Label("Task id")
        long taskId;
        @Label("Scope id")
        long scopeId;
        @Label("Requester task id")
        long requesterTaskId;
        @Label("Reason")
        String reason;
        @Label("Detail")
        String detail;
        @Label("Domain id")
        long domainId;
        @Label("Virtual start")
        @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
        long virtualStart;
        @Label("Virtual duration")
        @Timespan(Timespan.NANOSECONDS)
        long virtualDuration;
    }

    @Name("dev.timescope.ClockAdvance")
    @Label("Clock advance")
    @Category("timescope")
    @StackTrace(false)
    static final class AdvanceEvent extends Event {
        @Label("Domain id")
        long domainId;
        @Label("From")
        @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
        long from;
        @Label("To")
        @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
        long to;
        @Label("Elapsed")
        @Timespan(Timespan.NANOSECONDS)
        long elapsed;
        @Label("Timers fired")
        int timersFired;
        @Label("Cause")
        String cause;
        @Label("Virtual start")
        @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
        long virtualStart;
        @Label("Virtual duration")
        @Timespan(Timespan.NANOSECONDS)
        long virtualDuration;
    }

    @Name("dev.timescope.Deadlock")
    @Label("Deadlock")
    @Category("timescope")
    static final class DeadlockEvent extends Event {
        @Label("Domain id")
        long domainId;
        @Label("Report")
        String report;
        @Label("Virtual start")
        @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
        long virtualStart;
    }

    /** A task event of another version: fewer fields than promised, and one this version does not know. */
    @Name("dev.timescope.Task")
    @Label("Task")
    @StackTrace(false)
    static final class SparseTaskEvent extends Event {
        @Label("Task id")
        long taskId;
        @Label("Name")
        String name;
        @Label("Colour")
        String colour;
    }

    /** Not a timescope event. */
    @Name("com.example.Unrelated")
    @Label("Unrelated")
    @StackTrace(false)
    static final class UnrelatedEvent extends Event {
        @Label("Text")
        String text;
    }
}
