package dev.timescope.dashboard;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tree as text, indented like {@code pstree -A}: one line per domain, scope and task, with its outcome, virtual
 * and real durations, a failure or a cancellation's reason. Names are printed with control characters escaped, so
 * a name cannot move the terminal's cursor or change its colours.
 */
final class TextTree {

    private TextTree() {
    }

    static void print(TaskTree tree, PrintStream out) {
        TaskTree.Summary s = tree.summary();
        out.println(tree.title + ": " + s.tasks() + " tasks in " + s.scopes() + " scopes, " + s.failed()
                + " failed, " + s.cancelledTasks() + " cancelled, " + s.running() + " still running; virtual "
                + Durations.format(s.virtualSpanNanos()) + ", real " + Durations.format(s.realSpanNanos()));
        // Iterative: trees can be deep. Each entry: the node, its prefix, whether it is its parent's last child.
        record Entry(Node node, String prefix, boolean last, boolean root) {
        }
        List<Entry> stack = new ArrayList<>();
        for (int i = tree.roots.size() - 1; i >= 0; i--) {
            stack.add(new Entry(tree.roots.get(i), "", i == tree.roots.size() - 1, true));
        }
        StringBuilder line = new StringBuilder();
        while (!stack.isEmpty()) {
            Entry e = stack.remove(stack.size() - 1);
            line.setLength(0);
            line.append(e.prefix);
            if (!e.root) {
                line.append(e.last ? "`-- " : "|-- ");
            }
            describe(e.node, line);
            out.println(line);
            String childPrefix = e.root ? "" : e.prefix + (e.last ? "    " : "|   ");
            List<Node> children = e.node.children;
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.add(new Entry(children.get(i), childPrefix, i == children.size() - 1, false));
            }
        }
        for (Deadlock d : tree.deadlocks) {
            out.println("deadlock" + (d.domain() == null ? "" : " in " + label(d.domain())) + ":");
            for (String reportLine : d.report().split("\n")) {
                out.println("    " + safe(reportLine.replace("\t", "    ")));
            }
        }
    }

    private static void describe(Node n, StringBuilder line) {
        line.append(label(n));
        if (n.kind != null && !n.kind.isEmpty()) {
            line.append(' ').append(safe(n.kind));
        }
        String outcome = n.outcome == Outcome.RUNNING ? "still running"
                : n.outcomeText != null && !n.outcomeText.isEmpty() ? n.outcomeText.toLowerCase(Locale.ROOT)
                : n.type == Node.Type.DOMAIN ? "closed" : n.outcome.word();
        line.append("  ").append(safe(outcome));
        if (n.hasVirtualTime()) {
            line.append("  virtual ").append(Durations.format(n.virtualDurationNanos));
        }
        line.append("  real ").append(Durations.format(n.realDurationNanos()));
        if (n.failure != null) {
            line.append("  ").append(safe(n.failure));
        }
        if (n.abortReason != null) {
            line.append("  (").append(safe(n.abortReason)).append(')');
        }
        if (n.cancelReason != null) {
            line.append("  (");
            if (n.cancelRequester != 0) {
                line.append("by task #").append(n.cancelRequester).append(": ");
            }
            line.append(safe(n.cancelReason)).append(')');
        }
        if (n.firstFailure != null) {
            line.append("  first failure: task #").append(n.firstFailure.id);
        }
    }

    private static String label(Node n) {
        return n.type.word() + " #" + n.id + (n.name == null || n.name.isEmpty() ? "" : " \"" + safe(n.name) + "\"");
    }

    /** Control characters (newlines, escapes) as {@code \\uXXXX}: one row stays one line, and inert. */
    static String safe(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (control && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (control) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
