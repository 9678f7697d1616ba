package dev.timescope.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * What a recording says about its scopes and tasks: the tree (domains, scopes, tasks), cancellations, clock advances
 * and deadlocks, and the real span of the recording. Times are nanoseconds since the epoch.
 */
final class TaskTree {

    final String title;
    final List<Node> roots;
    final List<Cancellation> cancellations;
    final List<ClockAdvance> clockAdvances;
    final List<Deadlock> deadlocks;
    final long realStart;
    final long realEnd;

    TaskTree(String title, List<Node> roots, List<Cancellation> cancellations, List<ClockAdvance> clockAdvances,
            List<Deadlock> deadlocks, long realStart, long realEnd) {
        this.title = title;
        this.roots = List.copyOf(roots);
        this.cancellations = List.copyOf(cancellations);
        this.clockAdvances = List.copyOf(clockAdvances);
        this.deadlocks = List.copyOf(deadlocks);
        this.realStart = realStart;
        this.realEnd = realEnd;
    }

    /** Every row, parents before children, in the order the tree shows them. */
    List<Node> depthFirst() {
        List<Node> order = new ArrayList<>();
        List<Node> stack = new ArrayList<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            stack.add(roots.get(i));
        }
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            order.add(n);
            for (int i = n.children.size() - 1; i >= 0; i--) {
                stack.add(n.children.get(i));
            }
        }
        return order;
    }

    /** Counts for the summary line of every output. */
    Summary summary() {
        int tasks = 0;
        int scopes = 0;
        int failed = 0;
        int cancelled = 0;
        int running = 0;
        long virtualSpan = 0;
        for (Node n : depthFirst()) {
            switch (n.type) {
                case TASK -> {
                    tasks++;
                    failed += n.outcome == Outcome.FAILED ? 1 : 0;
                    cancelled += n.outcome == Outcome.CANCELLED ? 1 : 0;
                    running += n.outcome == Outcome.RUNNING ? 1 : 0;
                }
                case SCOPE -> scopes++;
                case DOMAIN -> virtualSpan = Math.max(virtualSpan, n.virtualDurationNanos);
            }
        }
        return new Summary(tasks, scopes, failed, cancelled, running, cancellations.size(), deadlocks.size(),
                virtualSpan, Math.max(0, realEnd - realStart));
    }

    /** The summary: counts, the longest domain's virtual span and the recording's real span, in nanoseconds. */
    record Summary(int tasks, int scopes, int failed, int cancelledTasks, int running, int cancellations,
            int deadlocks, long virtualSpanNanos, long realSpanNanos) {
    }
}
