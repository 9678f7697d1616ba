package dev.timescope;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scopes open now in this JVM, and the tree they form: each scope's parent scope and parent task are on the
 * scope itself, its live tasks in its own set, and this core keeps the set of live scopes from which children are
 * found. A diagnostic (a deadlock's event, a thread dump) walks it; opening and closing a scope cost one
 * concurrent-set insertion and one removal.
 */
final class ScopeTree {

    private static final Set<AbstractTaskScope> LIVE = ConcurrentHashMap.newKeySet();
    private static final Comparator<AbstractTaskScope> BY_ID = Comparator.comparingLong(AbstractTaskScope::id);

    private ScopeTree() {
    }

    static void opened(AbstractTaskScope scope) {
        LIVE.add(scope);
    }

    static void closed(AbstractTaskScope scope) {
        LIVE.remove(scope);
    }

    /** Every open scope, oldest first. */
    static List<AbstractTaskScope> live() {
        List<AbstractTaskScope> scopes = new ArrayList<>(LIVE);
        scopes.sort(BY_ID);
        return scopes;
    }

    /** The open scopes that hang under no open scope, oldest first. */
    static List<AbstractTaskScope> roots() {
        List<AbstractTaskScope> roots = new ArrayList<>();
        for (AbstractTaskScope s : live()) {
            AbstractTaskScope parent = s.parentScope().orElse(null);
            if (parent == null || !LIVE.contains(parent)) {
                roots.add(s);
            }
        }
        return roots;
    }

    /** The open scopes nested directly in {@code parent}: opened by its owner inside it, or by one of its tasks. */
    static List<AbstractTaskScope> children(AbstractTaskScope parent) {
        List<AbstractTaskScope> children = new ArrayList<>();
        for (AbstractTaskScope s : live()) {
            if (s.parentScope().orElse(null) == parent) {
                children.add(s);
            }
        }
        return children;
    }

    /**
     * The tree as indented text, like {@code pstree}: each scope, its live tasks under it, and under each task
     * the scopes its thread opened; empty if no scope is open.
     */
    static String render() {
        StringBuilder out = new StringBuilder();
        for (AbstractTaskScope root : roots()) {
            renderScope(out, root, 0);
        }
        return out.toString();
    }

    private static void renderScope(StringBuilder out, AbstractTaskScope scope, int depth) {
        indent(out, depth).append(scope.getClass().getSimpleName()).append(' ').append(scope.name())
                .append(" #").append(scope.id()).append(" (owner \"").append(scope.owner().getName()).append("\"")
                .append(scope.isAborted() ? ", aborted" : "").append(")\n");
        List<AbstractTaskScope> nested = children(scope);
        List<Task<?>> tasks = new ArrayList<>(scope.liveChildren());
        tasks.sort(Comparator.comparingLong(Task::id));
        for (Task<?> task : tasks) {
            indent(out, depth + 1).append("task ").append(task.name()).append(" #").append(task.id()).append(' ')
                    .append(task.status()).append('\n');
            for (AbstractTaskScope s : nested) {
                if (s.parentTask().orElse(null) == task) {
                    renderScope(out, s, depth + 2);
                }
            }
        }
        for (AbstractTaskScope s : nested) {
            Task<?> opener = s.parentTask().orElse(null);
            if (opener == null || opener.scope() != scope || !tasks.contains(opener)) {
                renderScope(out, s, depth + 1);
            }
        }
    }

    private static StringBuilder indent(StringBuilder out, int depth) {
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
        return out;
    }
}
