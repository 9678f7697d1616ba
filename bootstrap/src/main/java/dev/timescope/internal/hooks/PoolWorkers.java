package dev.timescope.internal.hooks;

import dev.timescope.internal.clock.Domain;
import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import dev.timescope.internal.clock.Work;
import dev.timescope.internal.clock.Works;

/**
 * How a pool's thread borrows a domain for a task it runs (contract, section 1), for every kind of pool: the
 * same three steps around the pool's own call of the task.
 *
 * <ol>
 *   <li>{@link #beforeRun}: the task carries work in flight of a domain; the thread is attached to that domain
 *       as a borrowed member (or, if it is a member of it already, just takes the work). A task that carries no
 *       domain runs in real time: a thread still attached after an earlier task is detached first.</li>
 *   <li>{@link #afterRun}: the work is over; a pool worker stays attached while it goes back into its pool's
 *       code, where it may signal the end of a shutdown, and is detached when it
 *       next waits for work ({@link #idle}) or exits. A thread that only helps (a scheduler thread running a
 *       timeout inline) is detached at once.</li>
 *   <li>{@link #idle}: the pool's thread waits for its next task, belonging to no domain.</li>
 * </ol>
 *
 * Outside every domain each step costs one volatile read.
 */
final class PoolWorkers {

    private PoolWorkers() {
    }

    /** What {@link #afterRun} must undo; null when the task carried no domain work. */
    static final class Run {
        final Work work;
        /** The member that runs it: attached here, or already a member; null if it runs unattached. */
        final Member member;
        final boolean attachedHere;

        Run(Work work, Member member, boolean attachedHere) {
            this.work = work;
            this.member = member;
            this.attachedHere = attachedHere;
        }
    }

    static Run beforeRun(Object task) {
        if (!Domains.anyOpen()) {
            return null;
        }
        try {
            Member m = Domains.currentRecord();
            Work w = Works.of(task);
            if (w == null) {
                if (m != null && m.isBorrowed() && m.taskDepth() == 0) {
                    m.domain().detach(m); // a task of no domain: real time, owned by nobody
                }
                return null;
            }
            Domain d = w.domain();
            if (m != null && (m.domain() == d || !m.isBorrowed() || m.taskDepth() > 0)) {
                // Its own member, or a thread busy in another domain's task that helps: it keeps its time.
                d.runStartingBy(w, m);
                if (m.domain() == d) {
                    enter(m);
                }
                return new Run(w, m.domain() == d ? m : null, false);
            }
            if (m != null) {
                m.domain().detach(m); // attached to another domain after an earlier task: that one is over
            }
            Member attached = d.attachFor(w, Thread.currentThread());
            if (attached == null) {
                return null; // the domain is closing: the task runs in real time
            }
            enter(attached);
            return new Run(w, attached, true);
        } catch (RuntimeException | LinkageError e) {
            HookFailure.fallBack("a pool's run", e);
            return null;
        }
    }

    /**
     * @param stay whether the thread goes back to its pool's loop (it is a worker of that pool) and so stays
     *             attached until it waits or exits
     */
    static void afterRun(Run run, boolean stay) {
        if (run == null) {
            return;
        }
        try {
            Member m = run.member;
            if (m != null) {
                leave(m);
            }
            run.work.domain().runEnded(run.work);
            if (run.attachedHere && (!stay || m.taskDepth() > 0)) {
                m.domain().detach(m);
            }
        } catch (RuntimeException | LinkageError e) {
            HookFailure.fallBack("a pool's run", e);
        }
    }

    /** The calling pool thread is about to wait for its next task: it belongs to no domain from here. */
    static void idle() {
        if (!Domains.anyOpen()) {
            return;
        }
        Member m = Domains.currentRecord();
        if (m != null && m.isBorrowed() && m.taskDepth() == 0) {
            try {
                m.domain().detachIdle(m);
            } catch (RuntimeException | LinkageError e) {
                HookFailure.fallBack("a pool's idle wait", e);
            }
        }
    }

    private static void enter(Member m) {
        m.enterTask();
    }

    private static void leave(Member m) {
        m.leaveTask();
    }
}
