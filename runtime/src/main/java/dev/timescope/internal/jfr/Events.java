package dev.timescope.internal.jfr;

import dev.timescope.internal.clock.ClockEvents;
import dev.timescope.internal.clock.Domain;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import jdk.jfr.FlightRecorder;

/**
 * Everything that touches {@code jdk.jfr}; reached only through {@link Recorder}, and only when the JDK has the
 * module. Each event type has a probe instance whose {@code isEnabled()} answers, for the type, whether a
 * recording wants it: an event is built only then.
 */
final class Events implements ClockEvents {

    private static final ScopeEvent SCOPE = new ScopeEvent();
    private static final TaskEvent TASK = new TaskEvent();
    private static final TaskCancelEvent CANCEL = new TaskCancelEvent();
    private static final DomainEvent DOMAIN = new DomainEvent();
    private static final ClockAdvanceEvent ADVANCE = new ClockAdvanceEvent();
    private static final DeadlockEvent DEADLOCK = new DeadlockEvent();
    /** Short tasks' events, committed off their threads; JFR drains them at the end of every chunk. */
    private static final DeferredCommits<TaskEvent> SHORT_TASKS = new DeferredCommits<>(4_096, 65_536, TaskEvent::commit,
            () -> FlightRecorder.addPeriodicEvent(TaskEvent.class, Events::commitShortTasks));

    /** Domains open now, each with its event, begun at the domain's start whether or not it is enabled then. */
    private final Map<Domain, DomainEvent> domains = new ConcurrentHashMap<>();
    /**
     * Advances timed while a carrier thread switched virtual threads, where JFR writes nothing: they keep the real
     * time they were timed at, and the next thread that can write commits them.
     */
    private final Queue<ClockAdvanceEvent> deferred = new ConcurrentLinkedQueue<>();
    private final Supplier<String> liveScopes;

    Events(Supplier<String> liveScopes) {
        this.liveScopes = liveScopes;
    }

    // ---------------------------------------------------------------- scopes and tasks

    static Object scopeOpened() {
        if (!SCOPE.isEnabled()) {
            return null;
        }
        ScopeEvent e = new ScopeEvent();
        e.span = VirtualSpan.begin();
        e.begin();
        return e;
    }

    static void scopeClosed(Object trace, long scopeId, long parentScopeId, long parentTaskId, String name, String kind,
            String outcome, Throwable failure, String abortReason, long timeoutNanos, boolean shielded) {
        ScopeEvent e = (ScopeEvent) trace;
        e.end();
        if (!e.shouldCommit()) {
            return;
        }
        e.scopeId = scopeId;
        e.parentScopeId = parentScopeId;
        e.parentTaskId = parentTaskId;
        e.name = name;
        e.kind = kind;
        e.outcome = outcome;
        e.failure = Failures.describe(failure);
        e.abortReason = abortReason;
        e.timeout = timeoutNanos;
        e.shielded = shielded;
        VirtualSpan span = e.span;
        if (span != null) {
            e.domainId = span.domainId();
            e.virtualStart = span.startMillis();
            e.virtualDuration = span.durationNanos();
        }
        e.commit();
    }

    static Object taskForked() {
        if (!TASK.isEnabled()) {
            return null;
        }
        TaskEvent e = new TaskEvent();
        e.span = VirtualSpan.begin();
        e.begin();
        return e;
    }

    static void taskStarted(Object trace) {
        ((TaskEvent) trace).codeStarted = System.nanoTime(); // real time: this package is never rewritten
    }

    static void taskEnded(Object trace, long taskId, long scopeId, long parentTaskId, String name, String outcome,
            Throwable failure, boolean failed) {
        TaskEvent e = (TaskEvent) trace;
        e.end();
        if (!e.shouldCommit()) {
            return;
        }
        e.taskId = taskId;
        e.scopeId = scopeId;
        e.parentTaskId = parentTaskId;
        e.name = name;
        e.outcome = outcome;
        e.failure = Failures.describe(failure);
        e.failureStack = failed ? Failures.stack(failure) : null;
        e.threadName = Thread.currentThread().getName();
        VirtualSpan span = e.span;
        if (span != null) {
            e.domainId = span.domainId();
            e.virtualStart = span.startMillis();
            e.virtualDuration = span.durationNanos();
            e.virtualEnd = span.nowMillis();
        }
        if (e.codeStarted != 0 && System.nanoTime() - e.codeStarted < DeferredCommits.SHORT_NANOS && SHORT_TASKS.offer(e)) {
            return;
        }
        e.commit();
    }

    private static void commitShortTasks() {
        SHORT_TASKS.commitAll();
    }

    static boolean cancelEnabled() {
        return CANCEL.isEnabled();
    }

    static void taskCancelled(long taskId, long scopeId, long requesterTaskId, String reason, String detail) {
        TaskCancelEvent e = new TaskCancelEvent();
        if (!e.shouldCommit()) {
            return;
        }
        e.taskId = taskId;
        e.scopeId = scopeId;
        e.requesterTaskId = requesterTaskId;
        e.reason = reason;
        e.detail = detail;
        VirtualSpan span = VirtualSpan.begin();
        if (span != null) {
            e.domainId = span.domainId();
            e.virtualStart = span.startMillis();
        }
        e.commit();
    }

    // ---------------------------------------------------------------- the clock

    @Override
    public void opened(Domain domain) {
        DomainEvent e = new DomainEvent();
        e.begin();
        domains.put(domain, e);
    }

    @Override
    public void advanced(Domain domain, long fromNanos, long toNanos, int timersFired, boolean spin) {
        if (!ADVANCE.isEnabled()) {
            return;
        }
        ClockAdvanceEvent e = new ClockAdvanceEvent();
        if (!e.shouldCommit()) {
            return;
        }
        e.domainId = domain.id();
        e.from = VirtualSpan.epochMillis(domain, fromNanos);
        e.to = VirtualSpan.epochMillis(domain, toNanos);
        e.elapsed = toNanos;
        e.timersFired = timersFired;
        e.cause = spin ? "SPIN" : "TIMER";
        e.virtualStart = e.from;
        e.virtualDuration = toNanos - fromNanos;
        if (isCarrier(Thread.currentThread())) {
            e.begin();
            e.end();
            deferred.add(e);
            return;
        }
        e.commit();
        commitDeferred();
    }

    private void commitDeferred() {
        ClockAdvanceEvent e;
        while ((e = deferred.poll()) != null) {
            e.commit();
        }
    }

    /** A virtual thread's carrier, seen as the current thread only while it switches virtual threads. */
    private static boolean isCarrier(Thread thread) {
        return thread.getClass().getName().equals("jdk.internal.misc.CarrierThread");
    }

    @Override
    public void deadlocked(Domain domain, String report) {
        if (!DEADLOCK.isEnabled()) {
            return;
        }
        DeadlockEvent e = new DeadlockEvent();
        if (!e.shouldCommit()) {
            return;
        }
        e.domainId = domain.id();
        e.report = report;
        String tree = liveScopes.get();
        e.scopes = tree.isEmpty() ? null : tree;
        e.virtualStart = domain.currentTimeMillis();
        e.commit();
    }

    @Override
    public void closed(Domain domain) {
        commitDeferred();
        DomainEvent e = domains.remove(domain);
        if (e == null) {
            return;
        }
        e.end();
        if (!e.shouldCommit()) {
            return;
        }
        e.domainId = domain.id();
        e.name = domain.name();
        e.virtualStart = VirtualSpan.epochMillis(domain, 0);
        e.virtualDuration = domain.elapsedNanos();
        e.commit();
    }
}
