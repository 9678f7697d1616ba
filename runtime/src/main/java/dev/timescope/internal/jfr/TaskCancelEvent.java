package dev.timescope.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/** A task was cancelled, committed by the thread that asked (docs/events.md). */
@Name("dev.timescope.TaskCancel")
@Label("Task Cancel")
@Description("A task was cancelled: its state became CANCELLED and its thread is asked to stop")
@Category("timescope")
@StackTrace(false)
final class TaskCancelEvent extends Event {

    @TaskId
    @Label("Task Id")
    @Description("The cancelled task")
    long taskId;

    @ScopeId
    @Label("Scope Id")
    @Description("The scope of the cancelled task")
    long scopeId;

    @TaskId
    @Label("Requester Task Id")
    @Description("The task on whose behalf the task was cancelled; 0 if none")
    long requesterTaskId;

    @Label("Reason")
    @Description("FAIL_FAST, TIMEOUT, BODY_FAILED, OWNER_CANCELLED, ABORT or CANCEL")
    String reason;

    @Label("Detail")
    @Description("The reason in words, with the failure or timeout that caused it")
    String detail;

    @DomainId
    @Label("Domain Id")
    @Description("The virtual-time domain of the requesting thread; 0 if none")
    long domainId;

    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    @Label("Virtual Start")
    @Description("The domain's clock at the cancellation; 0 outside a domain")
    long virtualStart;

    @Timespan(Timespan.NANOSECONDS)
    @Label("Virtual Duration")
    @Description("Always 0: an instant")
    long virtualDuration;
}
