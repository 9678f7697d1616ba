package dev.timescope.dashboard;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;

/**
 * Describes a tree of domains, scopes and tasks, then records it as timescope's events (through {@link TestEvents})
 * into a JFR file. Events are emitted as the runtime would: a row begins before its children and is committed after
 * them; a row marked running is never committed, as a task the recording ended before.
 */
final class SyntheticRecording {

    private final List<Domain> domains = new ArrayList<>();
    private long nextId = 1;

    /** Something to emit inside a row, in order: a child row, a cancellation, a clock advance, a deadlock. */
    private interface Part {
        void emit();
    }

    /** A domain, scope or task under construction. */
    abstract class Row implements Part {
        final long id = nextId++;
        final String name;
        final Row domain;
        final List<Part> parts = new ArrayList<>();
        long virtualStart;
        long virtualDuration;
        String outcome = "SUCCESS";
        boolean running;

        Row(String name, Row domain) {
            this.name = name;
            this.domain = domain == null ? this : domain;
        }

        long domainId() {
            return domain.id;
        }

        /** A scope opened by this row's code. */
        Scope scope(String scopeName, String kind, Instant start, Duration length) {
            Scope scope = new Scope(scopeName, kind, this, start, length);
            parts.add(scope);
            return scope;
        }

        /** Marks the row still open when the recording ends: no event of its own. */
        Row running() {
            running = true;
            outcome = null;
            return this;
        }

        Row outcome(String value) {
            outcome = value;
            return this;
        }

        void advance(Instant from, Instant to, int timers) {
            parts.add(() -> {
                TestEvents.AdvanceEvent e = new TestEvents.AdvanceEvent();
                e.domainId = domainId();
                e.from = from.toEpochMilli();
                e.to = to.toEpochMilli();
                e.elapsed = Duration.between(Instant.ofEpochMilli(domain.virtualStart), to).toNanos();
                e.timersFired = timers;
                e.cause = "TIMER";
                e.virtualStart = e.from;
                e.virtualDuration = Duration.between(from, to).toNanos();
                e.commit();
            });
        }

        void deadlock(String report, Instant at) {
            parts.add(() -> {
                TestEvents.DeadlockEvent e = new TestEvents.DeadlockEvent();
                e.domainId = domainId();
                e.report = report;
                e.virtualStart = at.toEpochMilli();
                e.commit();
            });
        }

        void cancel(Task target, Task requester, String reason, String detail, Instant at) {
            parts.add(() -> {
                TestEvents.CancelEvent e = new TestEvents.CancelEvent();
                e.taskId = target.id;
                e.requesterTaskId = requester == null ? 0 : requester.id;
                e.scopeId = target.scope.id;
                e.reason = reason;
                e.detail = detail;
                e.domainId = domainId();
                e.virtualStart = at.toEpochMilli();
                e.commit();
            });
        }

        void emitParts() {
            for (Part p : parts) {
                p.emit();
            }
        }
    }

    final class Domain extends Row {
        Domain(String name, Instant start, Duration length) {
            super(name, null);
            virtualStart = start.toEpochMilli();
            virtualDuration = length.toNanos();
        }

        @Override
        public void emit() {
            TestEvents.DomainEvent e = new TestEvents.DomainEvent();
            e.begin();
            emitParts();
            e.domainId = id;
            e.name = name;
            e.virtualStart = virtualStart;
            e.virtualDuration = virtualDuration;
            if (!running) {
                e.commit();
            }
        }
    }

    final class Scope extends Row {
        final String kind;
        final Row parent;
        String failure;
        String abortReason;

        Scope(String name, String kind, Row parent, Instant start, Duration length) {
            super(name, parent.domain);
            this.kind = kind;
            this.parent = parent;
            virtualStart = start.toEpochMilli();
            virtualDuration = length.toNanos();
        }

        Task task(String taskName, Instant start, Duration length) {
            Task task = new Task(taskName, this, start, length);
            parts.add(task);
            return task;
        }

        @Override
        public void emit() {
            TestEvents.ScopeEvent e = new TestEvents.ScopeEvent();
            e.begin();
            emitParts();
            e.scopeId = id;
            e.parentTaskId = parent instanceof Task ? parent.id : 0;
            e.parentScopeId = parent instanceof Task t ? t.scope.id : parent instanceof Scope ? parent.id : 0;
            e.name = name;
            e.kind = kind;
            e.outcome = outcome;
            e.failure = failure;
            e.abortReason = abortReason;
            e.domainId = domainId();
            e.virtualStart = virtualStart;
            e.virtualDuration = virtualDuration;
            if (!running) {
                e.commit();
            }
        }

        Scope failed(String failureText, String abort) {
            outcome = "FAILED";
            failure = failureText;
            abortReason = abort;
            return this;
        }
    }

    final class Task extends Row {
        final Scope scope;
        String failure;
        String failureStack;

        Task(String name, Scope scope, Instant start, Duration length) {
            super(name, scope.domain);
            this.scope = scope;
            virtualStart = start.toEpochMilli();
            virtualDuration = length.toNanos();
        }

        Task failed(String failureText) {
            outcome = "FAILED";
            failure = failureText;
            failureStack = failureText + "\n\tat com.example.shop.Payments.charge(Payments.java:88)"
                    + "\n\tat com.example.shop.Checkout.lambda$run$1(Checkout.java:41)"
                    + "\n\tat dev.timescope.Task.run(Task.java:120)";
            return this;
        }

        Task cancelled() {
            outcome = "CANCELLED";
            return this;
        }

        @Override
        public void emit() {
            TestEvents.TaskEvent e = new TestEvents.TaskEvent();
            e.begin();
            emitParts();
            e.taskId = id;
            e.scopeId = scope.id;
            e.parentTaskId = scope.parent instanceof Task ? scope.parent.id : 0;
            e.name = name;
            e.outcome = outcome;
            e.failure = failure;
            e.failureStack = failureStack;
            e.threadName = "";
            e.domainId = domainId();
            e.virtualStart = virtualStart;
            e.virtualDuration = virtualDuration;
            if (!running) {
                e.commit();
            }
        }
    }

    Domain domain(String name, Instant start, Duration length) {
        Domain d = new Domain(name, start, length);
        domains.add(d);
        return d;
    }

    /** Records every domain and writes the recording to {@code file}. */
    Path write(Path file) throws IOException {
        try (Recording recording = new Recording()) {
            for (Class<? extends jdk.jfr.Event> type : List.of(TestEvents.DomainEvent.class,
                    TestEvents.ScopeEvent.class, TestEvents.TaskEvent.class, TestEvents.CancelEvent.class,
                    TestEvents.AdvanceEvent.class, TestEvents.DeadlockEvent.class)) {
                recording.enable(type).withoutThreshold();
            }
            recording.setToDisk(true);
            recording.start();
            for (Domain d : domains) {
                d.emit();
            }
            recording.stop();
            recording.dump(file);
        }
        return file;
    }
}
