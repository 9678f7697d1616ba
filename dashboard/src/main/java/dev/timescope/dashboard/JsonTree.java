package dev.timescope.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The tree as JSON, for scripts: {@code recording}, {@code summary}, {@code roots} (domains, scopes and tasks, each
 * with its {@code children}), {@code cancellations}, {@code clockAdvances} and {@code deadlocks}. Instants are ISO-8601
 * strings, durations nanoseconds. docs/dashboard.md describes every field.
 */
final class JsonTree {

    private JsonTree() {
    }

    static void write(TaskTree tree, Writer out) throws IOException {
        try (JsonGenerator g = Json.generator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("recording", tree.title);
            writeSummary(tree.summary(), g);
            g.writeStringField("realStart", instant(tree.realStart));
            g.writeStringField("realEnd", instant(tree.realEnd));
            g.writeArrayFieldStart("roots");
            writeNodes(tree.roots, g);
            g.writeEndArray();
            g.writeArrayFieldStart("cancellations");
            for (Cancellation c : tree.cancellations) {
                g.writeStartObject();
                g.writeNumberField("taskId", c.target().id);
                g.writeNumberField("requesterTaskId", c.requester() == null ? 0 : c.requester().id);
                g.writeStringField("reason", c.reason());
                if (c.detail() != null) {
                    g.writeStringField("detail", c.detail());
                }
                g.writeStringField("realTime", instant(c.realTime()));
                if (c.virtualMillis() != Node.NO_VIRTUAL_TIME) {
                    g.writeStringField("virtualTime", Instant.ofEpochMilli(c.virtualMillis()).toString());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("clockAdvances");
            for (ClockAdvance a : tree.clockAdvances) {
                g.writeStartObject();
                g.writeNumberField("domainId", a.domain() == null ? 0 : a.domain().id);
                writeMillis(g, "from", a.fromMillis());
                writeMillis(g, "to", a.toMillis());
                if (a.elapsedNanos() != ClockAdvance.UNKNOWN) {
                    g.writeNumberField("elapsedNanos", a.elapsedNanos());
                }
                g.writeNumberField("timersFired", a.timersFired());
                if (a.cause() != null) {
                    g.writeStringField("cause", a.cause());
                }
                g.writeStringField("realTime", instant(a.realTime()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("deadlocks");
            for (Deadlock d : tree.deadlocks) {
                g.writeStartObject();
                g.writeNumberField("domainId", d.domain() == null ? 0 : d.domain().id);
                g.writeStringField("report", d.report());
                g.writeStringField("realTime", instant(d.realTime()));
                writeMillis(g, "virtualTime", d.virtualMillis());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeSummary(TaskTree.Summary s, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("summary");
        g.writeNumberField("tasks", s.tasks());
        g.writeNumberField("scopes", s.scopes());
        g.writeNumberField("failed", s.failed());
        g.writeNumberField("cancelled", s.cancelledTasks());
        g.writeNumberField("running", s.running());
        g.writeNumberField("cancellations", s.cancellations());
        g.writeNumberField("deadlocks", s.deadlocks());
        g.writeNumberField("virtualSpanNanos", s.virtualSpanNanos());
        g.writeNumberField("realSpanNanos", s.realSpanNanos());
        g.writeEndObject();
    }

    /** Depth-first without recursion: each frame is a list of siblings and the index of the next one. */
    private static void writeNodes(List<Node> roots, JsonGenerator g) throws IOException {
        record Frame(List<Node> nodes, int[] next) {
        }
        List<Frame> stack = new ArrayList<>();
        stack.add(new Frame(roots, new int[1]));
        while (!stack.isEmpty()) {
            Frame top = stack.get(stack.size() - 1);
            if (top.next[0] == top.nodes.size()) {
                stack.remove(stack.size() - 1);
                if (!stack.isEmpty()) {
                    g.writeEndArray();
                    g.writeEndObject();
                }
                continue;
            }
            Node n = top.nodes.get(top.next[0]++);
            writeFields(n, g);
            if (n.children.isEmpty()) {
                g.writeEndObject();
            } else {
                g.writeArrayFieldStart("children");
                stack.add(new Frame(n.children, new int[1]));
            }
        }
    }

    private static void writeFields(Node n, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", n.type.word());
        g.writeNumberField("id", n.id);
        g.writeStringField("name", n.name);
        if (n.kind != null) {
            g.writeStringField("kind", n.kind);
        }
        g.writeStringField("outcome", n.outcomeText != null && !n.outcomeText.isEmpty() ? n.outcomeText
                : n.outcome.name());
        if (n.failure != null) {
            g.writeStringField("failure", n.failure);
        }
        if (n.stackTrace != null) {
            g.writeStringField("failureStack", n.stackTrace);
        }
        if (n.abortReason != null) {
            g.writeStringField("abortReason", n.abortReason);
        }
        if (n.cancelReason != null) {
            g.writeNumberField("cancelRequesterTaskId", n.cancelRequester);
            g.writeStringField("cancelReason", n.cancelReason);
        }
        if (n.firstFailure != null) {
            g.writeNumberField("firstFailureTaskId", n.firstFailure.id);
        }
        if (n.domain != null && n.type != Node.Type.DOMAIN) {
            g.writeNumberField("domainId", n.domain.id);
        }
        if (n.thread != null) {
            g.writeStringField("thread", n.thread);
        }
        g.writeStringField("realStart", instant(n.realStart));
        g.writeNumberField("realDurationNanos", n.realDurationNanos());
        if (n.hasVirtualTime()) {
            writeMillis(g, "virtualStart", n.virtualStartMillis);
            g.writeNumberField("virtualDurationNanos", n.virtualDurationNanos);
        }
    }

    private static void writeMillis(JsonGenerator g, String field, long millis) throws IOException {
        if (millis != Node.NO_VIRTUAL_TIME) {
            g.writeStringField(field, Instant.ofEpochMilli(millis).toString());
        }
    }

    static String instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L)).toString();
    }
}
