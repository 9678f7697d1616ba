package dev.timescope.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the tree: a virtual-time domain, a scope or a task, with its real and virtual times. Mutable while
 * {@link TreeBuilder} assembles the tree, read-only afterwards.
 */
final class Node {

    /** What a row stands for. */
    enum Type {
        DOMAIN, SCOPE, TASK;

        String word() {
            return switch (this) {
                case DOMAIN -> "domain";
                case SCOPE -> "scope";
                case TASK -> "task";
            };
        }
    }

    /** Marks "no virtual time": the event was not recorded on a domain's thread. */
    static final long NO_VIRTUAL_TIME = Long.MIN_VALUE;

    final Type type;
    final long id;
    String name = "";
    /** {@code TaskScope}, {@code Supervisor}, {@code TaskGroup} for scopes; null otherwise. */
    String kind;
    Outcome outcome = Outcome.RUNNING;
    /** The outcome as recorded ({@code TIMED_OUT}, {@code ABORTED}...), or null. */
    String outcomeText;
    /** Why a scope was aborted, or null. */
    String abortReason;
    /** The failure (class and message) of a failed task, else null. */
    String failure;
    /** The failure's stack trace as recorded, or the frames the event was committed at, else null. */
    String stackTrace;
    String thread;
    /** True when no event of this row is in the recording: only other events name it. */
    boolean synthesized;

    long domainId;
    long scopeId;
    long parentScopeId;
    long parentTaskId;

    /** Real start and end, nanoseconds since the epoch; end is the recording's end while running. */
    long realStart;
    long realEnd;
    /** Virtual start (epoch milliseconds) and duration (nanoseconds), or {@link #NO_VIRTUAL_TIME}. */
    long virtualStartMillis = NO_VIRTUAL_TIME;
    long virtualDurationNanos;

    /** For a cancelled task: who asked (0 when no task did) and why. */
    long cancelRequester;
    String cancelReason;
    /** For a fail-fast scope: the failed task whose failure cancelled its siblings, else null. */
    Node firstFailure;

    /** The domain whose thread recorded this row, or null. */
    Node domain;
    Node parent;
    final List<Node> children = new ArrayList<>();

    Node(Type type, long id) {
        this.type = type;
        this.id = id;
    }

    boolean hasVirtualTime() {
        return virtualStartMillis != NO_VIRTUAL_TIME;
    }

    long realDurationNanos() {
        return realEnd - realStart;
    }

    /** A stable key unique across types, as the page and the JSON refer to rows: {@code t12}, {@code s3}, {@code d1}. */
    String key() {
        return switch (type) {
            case DOMAIN -> "d" + id;
            case SCOPE -> "s" + id;
            case TASK -> "t" + id;
        };
    }

    /** The name to show: the recorded one, else the type and id. */
    String displayName() {
        return name == null || name.isEmpty() ? type.word() + " " + id : name;
    }
}
