package dev.timescope.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data the page draws, as compact JSON: one array per column, rows in tree order (a parent before its
 * children), strings interned once. Real times are nanoseconds since the recording's start; virtual times are
 * nanoseconds since the start of the row's domain (or -1 without virtual time). The page's script reads exactly
 * these names.
 */
final class PageData {

    static final int TYPE_DOMAIN = 0;
    static final int TYPE_SCOPE = 1;
    static final int TYPE_TASK = 2;

    private final TaskTree tree;
    private final List<Node> rows;
    private final Map<Node, Integer> index = new IdentityHashMap<>();
    private final Map<String, Integer> strings = new HashMap<>();
    private final List<String> stringList = new ArrayList<>();

    PageData(TaskTree tree) {
        this.tree = tree;
        this.rows = tree.depthFirst();
        for (int i = 0; i < rows.size(); i++) {
            index.put(rows.get(i), i);
        }
    }

    void write(Writer out) throws IOException {
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            g.writeStringField("title", tree.title);
            g.writeStringField("realStart", JsonTree.instant(tree.realStart));
            g.writeNumberField("realSpan", Math.max(0, tree.realEnd - tree.realStart));
            int n = rows.size();
            long[] type = new long[n];
            long[] id = new long[n];
            long[] parent = new long[n];
            long[] name = new long[n];
            long[] kind = new long[n];
            long[] outcome = new long[n];
            long[] realStart = new long[n];
            long[] realEnd = new long[n];
            long[] domain = new long[n];
            long[] virtualStart = new long[n];
            long[] virtualDuration = new long[n];
            long[] failure = new long[n];
            long[] stack = new long[n];
            long[] thread = new long[n];
            long[] synthesized = new long[n];
            long[] outcomeText = new long[n];
            long[] abortReason = new long[n];
            for (int i = 0; i < n; i++) {
                Node r = rows.get(i);
                type[i] = switch (r.type) {
                    case DOMAIN -> TYPE_DOMAIN;
                    case SCOPE -> TYPE_SCOPE;
                    case TASK -> TYPE_TASK;
                };
                id[i] = r.id;
                parent[i] = row(r.parent);
                name[i] = string(r.name);
                kind[i] = string(r.kind);
                outcome[i] = r.outcome.ordinal();
                realStart[i] = real(r.realStart);
                realEnd[i] = real(r.realEnd);
                domain[i] = row(r.domain);
                virtualStart[i] = virtual(r.domain, r.virtualStartMillis);
                virtualDuration[i] = r.hasVirtualTime() ? r.virtualDurationNanos : 0;
                failure[i] = string(r.failure);
                stack[i] = string(r.stackTrace);
                thread[i] = string(r.thread);
                synthesized[i] = r.synthesized ? 1 : 0;
                outcomeText[i] = string(r.outcomeText);
                abortReason[i] = string(r.abortReason);
            }
            array(g, "type", type);
            array(g, "id", id);
            array(g, "parent", parent);
            array(g, "name", name);
            array(g, "kind", kind);
            array(g, "outcome", outcome);
            array(g, "rs", realStart);
            array(g, "re", realEnd);
            array(g, "dom", domain);
            array(g, "vs", virtualStart);
            array(g, "vd", virtualDuration);
            array(g, "fail", failure);
            array(g, "stack", stack);
            array(g, "thread", thread);
            array(g, "synth", synthesized);
            array(g, "otext", outcomeText);
            array(g, "abort", abortReason);

            g.writeArrayFieldStart("vorigin");
            for (Node r : rows) {
                if (r.type == Node.Type.DOMAIN && r.hasVirtualTime()) {
                    g.writeNumber(row(r));
                    g.writeNumber(r.virtualStartMillis);
                }
            }
            g.writeEndArray();

            g.writeArrayFieldStart("cancel");
            for (Cancellation c : tree.cancellations) {
                g.writeNumber(row(c.target()));
                g.writeNumber(row(c.requester()));
                g.writeNumber(string(c.reason()));
                g.writeNumber(string(c.detail()));
                g.writeNumber(real(c.realTime()));
                g.writeNumber(virtual(c.target().domain, c.virtualMillis()));
            }
            g.writeEndArray();

            g.writeArrayFieldStart("firstFail");
            for (Node r : rows) {
                if (r.firstFailure != null) {
                    g.writeNumber(row(r));
                    g.writeNumber(row(r.firstFailure));
                }
            }
            g.writeEndArray();

            g.writeArrayFieldStart("adv");
            for (ClockAdvance a : tree.clockAdvances) {
                g.writeNumber(row(a.domain()));
                long to = virtual(a.domain(), a.toMillis());
                long from = virtual(a.domain(), a.fromMillis());
                if (a.elapsedNanos() != ClockAdvance.UNKNOWN && to >= 0) {
                    // Exact where from and to have milliseconds only.
                    to = a.elapsedNanos();
                    from = a.stepNanos() == ClockAdvance.UNKNOWN ? from : Math.max(0, to - a.stepNanos());
                }
                g.writeNumber(from);
                g.writeNumber(to);
                g.writeNumber(a.timersFired());
                g.writeNumber(real(a.realTime()));
            }
            g.writeEndArray();

            g.writeArrayFieldStart("deadlocks");
            for (Deadlock d : tree.deadlocks) {
                g.writeNumber(row(d.domain()));
                g.writeNumber(string(d.report()));
                g.writeNumber(real(d.realTime()));
                g.writeNumber(virtual(d.domain(), d.virtualMillis()));
            }
            g.writeEndArray();

            g.writeArrayFieldStart("strings");
            for (String s : stringList) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private int row(Node node) {
        if (node == null) {
            return -1;
        }
        Integer i = index.get(node);
        return i == null ? -1 : i;
    }

    private int string(String s) {
        if (s == null) {
            return -1;
        }
        Integer i = strings.get(s);
        if (i == null) {
            i = stringList.size();
            stringList.add(s);
            strings.put(s, i);
        }
        return i;
    }

    private long real(long epochNanos) {
        return Math.max(0, epochNanos - tree.realStart);
    }

    private static long virtual(Node domain, long millis) {
        if (domain == null || !domain.hasVirtualTime() || millis == Node.NO_VIRTUAL_TIME) {
            return -1;
        }
        return Math.max(0, (millis - domain.virtualStartMillis) * 1_000_000L);
    }

    private static void array(JsonGenerator g, String field, long[] values) throws IOException {
        g.writeFieldName(field);
        g.writeArray(values, 0, values.length);
    }
}
