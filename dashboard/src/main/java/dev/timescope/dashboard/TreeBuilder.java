package dev.timescope.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Assembles the tree from events in any order. A scope, task or domain that other events name but that has no
 * event of its own was still open when the recording ended: it becomes a running row. Parents: a task sits under
 * its scope, else its parent task, else its domain; a scope under its parent task, else its parent scope, else its
 * domain.
 */
final class TreeBuilder {

    private final Map<Long, Node> domains = new HashMap<>();
    private final Map<Long, Node> scopes = new HashMap<>();
    private final Map<Long, Node> tasks = new HashMap<>();
    private final List<RecordedCancel> cancels = new ArrayList<>();
    private final List<RecordedAdvance> advances = new ArrayList<>();
    private final List<RecordedDeadlock> deadlocks = new ArrayList<>();
    private long recordingStart = Long.MAX_VALUE;
    private long recordingEnd = Long.MIN_VALUE;
    private long firstTimescopeEvent = Long.MAX_VALUE;
    private long events;
    private boolean timescopeEvents;

    private record RecordedCancel(long taskId, long requesterId, String reason, String detail, long realTime,
            long virtualMillis) {
    }

    private record RecordedAdvance(long domainId, long from, long to, long elapsed, long step, long timersFired,
            String cause, long realTime) {
    }

    private record RecordedDeadlock(long domainId, String report, long realTime, long virtualMillis) {
    }

    long eventCount() {
        return events;
    }

    boolean isEmpty() {
        return !timescopeEvents;
    }

    void accept(RecordedEvent event) {
        events++;
        long start = Fields.epochNanos(event.getStartTime());
        long end = Fields.epochNanos(event.getEndTime());
        recordingStart = Math.min(recordingStart, start);
        recordingEnd = Math.max(recordingEnd, end);
        String name = event.getEventType().getName();
        if (!name.startsWith(EventNames.PREFIX)) {
            return;
        }
        timescopeEvents = true;
        firstTimescopeEvent = Math.min(firstTimescopeEvent, start);
        switch (name) {
            case EventNames.DOMAIN -> {
                Node domain = domain(Fields.longOf(event, "domainId"));
                fill(domain, event, start, end);
                domain.name = orEmpty(Fields.stringOf(event, "name"));
                domain.outcome = Outcome.SUCCESS;
            }
            case EventNames.SCOPE -> {
                Node scope = scope(Fields.longOf(event, "scopeId"));
                fill(scope, event, start, end);
                fillOutcome(scope, event);
                scope.kind = Fields.stringOf(event, "kind");
                scope.abortReason = Fields.stringOf(event, "abortReason");
                scope.parentScopeId = Fields.longOf(event, "parentScopeId");
                scope.parentTaskId = Fields.longOf(event, "parentTaskId");
            }
            case EventNames.TASK -> {
                Node task = task(Fields.longOf(event, "taskId"));
                fill(task, event, start, end);
                fillOutcome(task, event);
                task.scopeId = Fields.longOf(event, "scopeId");
                task.parentTaskId = Fields.longOf(event, "parentTaskId");
                task.stackTrace = Fields.stringOf(event, "failureStack");
                if (task.stackTrace == null && task.outcome == Outcome.FAILED) {
                    task.stackTrace = Fields.stackTraceOf(event);
                }
                String threadName = Fields.stringOf(event, "threadName");
                if (threadName != null && !threadName.isEmpty()) {
                    task.thread = threadName;
                }
            }
            case EventNames.TASK_CANCEL -> cancels.add(new RecordedCancel(Fields.longOf(event, "taskId"),
                    Fields.longOf(event, "requesterTaskId"), Fields.stringOf(event, "reason"),
                    Fields.stringOf(event, "detail"), start, Fields.instantMillisOf(event, "virtualStart")));
            case EventNames.CLOCK_ADVANCE -> advances.add(new RecordedAdvance(Fields.longOf(event, "domainId"),
                    Fields.instantMillisOf(event, "from"), Fields.instantMillisOf(event, "to"),
                    Fields.has(event, "elapsed") ? Fields.durationNanosOf(event, "elapsed") : ClockAdvance.UNKNOWN,
                    Fields.has(event, "virtualDuration") ? Fields.durationNanosOf(event, "virtualDuration")
                            : ClockAdvance.UNKNOWN,
                    Fields.longOf(event, "timersFired"), Fields.stringOf(event, "cause"), start));
            case EventNames.DEADLOCK -> {
                deadlocks.add(new RecordedDeadlock(Fields.longOf(event, "domainId"),
                        orEmpty(Fields.stringOf(event, "report")), start,
                        Fields.instantMillisOf(event, "virtualStart")));
            }
            default -> {
                // A timescope event this version does not draw.
            }
        }
    }

    /** What a scope's and a task's events both say of them: the name, the outcome and the failure. */
    private static void fillOutcome(Node node, RecordedEvent event) {
        node.name = orEmpty(Fields.stringOf(event, "name"));
        node.outcomeText = Fields.stringOf(event, "outcome");
        node.outcome = Outcome.parse(node.outcomeText);
        node.failure = Fields.stringOf(event, "failure");
    }

    private static void fill(Node node, RecordedEvent event, long start, long end) {
        node.synthesized = false;
        node.realStart = start;
        node.realEnd = end;
        node.domainId = Fields.longOf(event, "domainId");
        // Outside a domain the runtime records 0s: no virtual time.
        node.virtualStartMillis = node.domainId == 0 && node.type != Node.Type.DOMAIN ? Node.NO_VIRTUAL_TIME
                : Fields.instantMillisOf(event, "virtualStart");
        node.virtualDurationNanos = Fields.durationNanosOf(event, "virtualDuration");
        node.thread = Fields.threadOf(event);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private Node domain(long id) {
        return domains.computeIfAbsent(id, k -> synthesized(Node.Type.DOMAIN, k));
    }

    private Node scope(long id) {
        return scopes.computeIfAbsent(id, k -> synthesized(Node.Type.SCOPE, k));
    }

    private Node task(long id) {
        return tasks.computeIfAbsent(id, k -> synthesized(Node.Type.TASK, k));
    }

    private static Node synthesized(Node.Type type, long id) {
        Node node = new Node(type, id);
        node.synthesized = true;
        node.realStart = Long.MAX_VALUE;
        node.realEnd = Long.MIN_VALUE;
        return node;
    }

    TaskTree build(String title) {
        // References to rows the recording has no event of: they were still open at its end.
        for (RecordedCancel c : cancels) {
            if (c.taskId != 0) {
                task(c.taskId);
            }
            if (c.requesterId != 0) {
                task(c.requesterId);
            }
        }
        for (Node t : List.copyOf(tasks.values())) {
            if (t.scopeId != 0) {
                scope(t.scopeId);
            }
            if (t.parentTaskId != 0) {
                task(t.parentTaskId);
            }
        }
        for (Node s : List.copyOf(scopes.values())) {
            if (s.parentTaskId != 0) {
                task(s.parentTaskId);
            }
            if (s.parentScopeId != 0) {
                scope(s.parentScopeId);
            }
        }
        for (RecordedAdvance a : advances) {
            if (a.domainId != 0) {
                domain(a.domainId);
            }
        }
        inferScopesOfRunningTasks();
        inheritDomains();
        for (RecordedDeadlock d : deadlocks) {
            if (d.domainId != 0) {
                domain(d.domainId);
            }
        }
        for (Node n : scopesAndTasks()) {
            if (n.domainId != 0) {
                n.domain = domain(n.domainId);
            }
        }
        for (Node d : domains.values()) {
            d.domain = d;
        }
        List<Node> all = new ArrayList<>(domains.size() + scopes.size() + tasks.size());
        all.addAll(domains.values());
        all.addAll(scopes.values());
        all.addAll(tasks.values());

        List<Node> roots = new ArrayList<>();
        for (Node n : all) {
            Node parent = parentOf(n);
            if (parent == null || createsCycle(n, parent)) {
                roots.add(n);
            } else {
                n.parent = parent;
                parent.children.add(n);
            }
        }
        long end = recordingEnd;
        closeOpenRows(roots, end);
        Comparator<Node> order = Comparator.comparingLong((Node n) -> n.realStart)
                .thenComparing(n -> n.type)
                .thenComparingLong(n -> n.id);
        roots.sort(order);
        for (Node n : all) {
            n.children.sort(order);
        }
        setVirtualOrigins();

        List<Cancellation> cancellations = new ArrayList<>();
        for (RecordedCancel c : cancels) {
            Node target = c.taskId == 0 ? null : tasks.get(c.taskId);
            Node requester = c.requesterId == 0 ? null : tasks.get(c.requesterId);
            if (target != null) {
                cancellations.add(new Cancellation(target, requester, c.reason, c.detail, c.realTime,
                        c.virtualMillis));
                if (target.cancelReason == null) {
                    target.cancelReason = c.detail == null || c.detail.isEmpty() ? orEmpty(c.reason)
                            : c.reason == null || c.reason.isEmpty() ? c.detail : c.reason + ": " + c.detail;
                    target.cancelRequester = c.requesterId;
                }
            }
        }
        markFirstFailures(cancellations);
        List<ClockAdvance> clockAdvances = new ArrayList<>();
        for (RecordedAdvance a : advances) {
            clockAdvances.add(new ClockAdvance(a.domainId == 0 ? null : domains.get(a.domainId), a.from, a.to,
                    a.elapsed, a.step, a.timersFired, a.cause, a.realTime));
        }
        List<Deadlock> deadlockList = new ArrayList<>();
        for (RecordedDeadlock d : deadlocks) {
            deadlockList.add(new Deadlock(d.domainId == 0 ? null : domains.get(d.domainId), d.report, d.realTime,
                    d.virtualMillis));
        }
        long start = firstTimescopeEvent == Long.MAX_VALUE ? recordingStart : firstTimescopeEvent;
        return new TaskTree(title, roots, cancellations, clockAdvances, deadlockList, start, end);
    }

    private Node parentOf(Node n) {
        return switch (n.type) {
            case DOMAIN -> null;
            case TASK -> firstOf(scopes.get(n.scopeId), tasks.get(n.parentTaskId), domainOf(n));
            case SCOPE -> {
                // parentScopeId is the owner's enclosing scope, or else its task's scope: a scope opened inside
                // another scope by the same task sits under that scope, one opened by a task's code under the task.
                Node parentScope = scopes.get(n.parentScopeId);
                Node parentTask = tasks.get(n.parentTaskId);
                if (parentScope != null && parentTask != null && parentScope.parentTaskId == n.parentTaskId) {
                    yield parentScope;
                }
                yield firstOf(parentTask, parentScope, domainOf(n));
            }
        };
    }

    /**
     * A running task has no event, so its scope is unknown; but a scope its code opened names it as
     * {@code parentTaskId} and the task's own scope as {@code parentScopeId} (when that scope is not one the task
     * opened itself).
     */
    private void inferScopesOfRunningTasks() {
        for (Node s : List.copyOf(scopes.values())) {
            Node task = tasks.get(s.parentTaskId);
            Node scope = scopes.get(s.parentScopeId);
            if (task != null && task.synthesized && task.scopeId == 0 && scope != null
                    && scope.parentTaskId != s.parentTaskId) {
                task.scopeId = scope.id;
            }
        }
    }

    /**
     * A row the recording has no event of takes its domain from a row that names it, so that it sits in the
     * domain's tree and on its virtual axis.
     */
    private void inheritDomains() {
        for (int round = 0; round < 8; round++) {
            boolean changed = false;
            for (Node n : scopesAndTasks()) {
                if (n.domainId == 0) {
                    continue;
                }
                changed |= inherit(scopes.get(n.scopeId), n) | inherit(tasks.get(n.parentTaskId), n)
                        | inherit(scopes.get(n.parentScopeId), n);
            }
            if (!changed) {
                return;
            }
        }
    }

    private static boolean inherit(Node synthesized, Node from) {
        if (synthesized == null || !synthesized.synthesized || synthesized.domainId != 0) {
            return false;
        }
        synthesized.domainId = from.domainId;
        return true;
    }

    private Node domainOf(Node n) {
        return n.domainId == 0 ? null : domains.get(n.domainId);
    }

    private static Node firstOf(Node a, Node b, Node c) {
        return a != null ? a : b != null ? b : c;
    }

    private static boolean createsCycle(Node child, Node parent) {
        Set<Node> seen = new HashSet<>();
        for (Node p = parent; p != null; p = p.parent) {
            if (p == child || !seen.add(p)) {
                return true;
            }
        }
        return false;
    }

    /** Rows without an event of their own span their children, and end with the recording. */
    private static void closeOpenRows(List<Node> roots, long recordingEnd) {
        for (Node root : roots) {
            closeOpen(root, recordingEnd);
        }
    }

    private static void closeOpen(Node root, long recordingEnd) {
        // Iterative post-order: trees of 100,000 rows can be deep.
        List<Node> stack = new ArrayList<>();
        List<Node> order = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            order.add(n);
            stack.addAll(n.children);
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            Node n = order.get(i);
            if (!n.synthesized) {
                continue;
            }
            for (Node c : n.children) {
                n.realStart = Math.min(n.realStart, c.realStart);
                if (c.hasVirtualTime() && (!n.hasVirtualTime() || c.virtualStartMillis < n.virtualStartMillis)) {
                    n.virtualStartMillis = c.virtualStartMillis;
                }
                if (n.domainId == 0) {
                    n.domainId = c.domainId;
                    n.domain = c.domain;
                }
            }
            if (n.realStart == Long.MAX_VALUE) {
                n.realStart = recordingEnd;
            }
            n.realEnd = Math.max(recordingEnd, n.realStart);
            n.outcome = Outcome.RUNNING;
        }
    }

    /**
     * Where each domain's virtual time starts: its event's virtual start, else the earliest virtual instant its
     * rows and clock advances name. Running rows end at the domain's last virtual instant.
     */
    private void setVirtualOrigins() {
        Map<Node, long[]> span = new HashMap<>();
        for (Node d : domains.values()) {
            span.put(d, new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
        }
        for (Node n : scopesAndTasks()) {
            if (n.domain != null && n.hasVirtualTime()) {
                long[] s = span.get(n.domain);
                s[0] = Math.min(s[0], n.virtualStartMillis);
                s[1] = Math.max(s[1], n.virtualStartMillis * 1_000_000L + n.virtualDurationNanos);
            }
        }
        for (RecordedAdvance a : advances) {
            Node d = a.domainId == 0 ? null : domains.get(a.domainId);
            if (d != null && a.from != Node.NO_VIRTUAL_TIME && a.to != Node.NO_VIRTUAL_TIME) {
                long[] s = span.get(d);
                s[0] = Math.min(s[0], a.from);
                s[1] = Math.max(s[1], a.to * 1_000_000L);
                if (a.elapsed != ClockAdvance.UNKNOWN && d.hasVirtualTime()) {
                    s[1] = Math.max(s[1], d.virtualStartMillis * 1_000_000L + a.elapsed);
                }
            }
        }
        for (Node d : domains.values()) {
            long[] s = span.get(d);
            if (!d.hasVirtualTime() && s[0] != Long.MAX_VALUE) {
                d.virtualStartMillis = s[0];
            }
            if (d.hasVirtualTime() && (d.synthesized || d.virtualDurationNanos == 0) && s[1] != Long.MIN_VALUE) {
                d.virtualDurationNanos = Math.max(0, s[1] - d.virtualStartMillis * 1_000_000L);
            }
        }
        for (Node n : scopesAndTasks()) {
            if (n.outcome == Outcome.RUNNING && n.domain != null && n.hasVirtualTime()) {
                long[] s = span.get(n.domain);
                if (s[1] != Long.MIN_VALUE) {
                    n.virtualDurationNanos = Math.max(n.virtualDurationNanos,
                            s[1] - n.virtualStartMillis * 1_000_000L);
                }
            }
        }
    }

    private List<Node> scopesAndTasks() {
        List<Node> list = new ArrayList<>(scopes.size() + tasks.size());
        list.addAll(scopes.values());
        list.addAll(tasks.values());
        return list;
    }

    /**
     * A fail-fast scope's first failure is the failed child task whose failure cancelled its siblings; when the
     * recording names no requester, the earliest-ending failed child of a scope that is not a supervisor and has
     * cancelled children.
     */
    private void markFirstFailures(List<Cancellation> cancellations) {
        for (Cancellation c : cancellations) {
            Node requester = c.requester();
            if (requester != null && requester.outcome == Outcome.FAILED && requester.parent != null
                    && requester.parent == c.target().parent && requester.parent.type == Node.Type.SCOPE
                    && requester.parent.firstFailure == null) {
                requester.parent.firstFailure = requester;
            }
        }
        for (Node s : scopes.values()) {
            if (s.firstFailure != null || "Supervisor".equalsIgnoreCase(s.kind)) {
                continue;
            }
            Node first = null;
            boolean cancelled = false;
            for (Node c : s.children) {
                if (c.type != Node.Type.TASK) {
                    continue;
                }
                if (c.outcome == Outcome.FAILED && (first == null || c.realEnd < first.realEnd)) {
                    first = c;
                }
                cancelled |= c.outcome == Outcome.CANCELLED;
            }
            if (first != null && cancelled) {
                s.firstFailure = first;
            }
        }
    }
}
