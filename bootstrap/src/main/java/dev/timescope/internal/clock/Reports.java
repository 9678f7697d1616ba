package dev.timescope.internal.clock;

import dev.timescope.internal.Threads;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The texts of deadlock, runaway and leak reports (contract, section 4). A report must let a
 * reader find, without a debugger, which thread holds the clock or blocks the rest, on what, and
 * where: for every member its name, its state, what it waits on and its stack.
 */
final class Reports {

    private static final int MAX_FRAMES = 24;
    /** Members a report shows with their stacks; stacks cost a safepoint each, and readers read the first few. */
    static final int MEMBERS_WITH_STACKS = 20;
    /** Members a report names at all; the rest are counted. A domain may have 10,000 virtual threads. */
    static final int MEMBERS_LISTED = 100;
    private static final String INDENT = "    ";

    private Reports() {
    }

    static String deadlock(Domain domain, List<MemberView> members, int memberCount, List<WorkView> work,
                           long nextDeadline, boolean frozen) {
        StringBuilder sb = new StringBuilder();
        sb.append("timescope: deadlock in virtual-time domain \"").append(domain.name()).append("\" at ")
                .append(describeInstant(domain, domain.elapsedNanos())).append('\n');
        if (frozen) {
            sb.append("Every member is blocked and the clock is frozen by a failure not yet reported to the root");
        } else if (nextDeadline == Wait.NO_DEADLINE) {
            sb.append("Every member is blocked and no timer is pending");
        } else {
            sb.append("Every member is blocked; auto-advance is off and no advance() is running, so the pending timer at ")
                    .append(describeInstant(domain, nextDeadline)).append(" cannot fire");
        }
        sb.append(", and nothing changed during ").append(formatDuration(domain.options.deadlockGraceNanos))
                .append(" of real time (the deadlock grace).\n");
        sb.append("Members (").append(memberCount).append("):\n");
        appendMembers(sb, domain, members, memberCount);
        appendWork(sb, domain, work, "Work in flight and scheduled tasks");
        return sb.toString();
    }

    static String stall(Domain domain, List<MemberView> running, int runningCount, List<WorkView> queued,
                        long realNanos, boolean busyClock) {
        StringBuilder sb = new StringBuilder();
        int holders = runningCount + queued.size();
        sb.append("timescope: virtual time in domain \"").append(domain.name()).append("\" has not moved for ")
                .append(formatDuration(realNanos)).append(" of real time, at ")
                .append(describeInstant(domain, domain.elapsedNanos()))
                .append(domain.isGlobal() ? ", while a thread drives it. " : ", while its root waits for it. ")
                .append(holders).append(holders == 1 ? " thing holds" : " things hold").append(" it.\n");
        if (!running.isEmpty()) {
            sb.append("Members running, or waiting where timescope cannot see (I/O, a thread outside the domain, a JDK API")
                    .append(" not on the virtual clock):\n");
            appendMembers(sb, domain, running, runningCount);
        }
        appendWork(sb, domain, queued, "Work in flight not yet started by its pool");
        if (!running.isEmpty() && domain.isGlobal()) {
            sb.append("CPU work takes no virtual time: on a frozen global clock, code that measures time by doing work")
                    .append(" holds it for ever; run the global clock at a rate (rate=1) for such code.\n");
        } else if (!running.isEmpty() && !busyClock) {
            sb.append("CPU work takes no virtual time: code that measures time by doing work (a loop that runs \"for two")
                    .append(" seconds\") holds the clock for ever. For such code, let the clock follow real time while")
                    .append(" members run: VirtualClock.builder().realTimeWhileBusy(true), or")
                    .append(" @VirtualTime(realTimeWhileBusy = true).\n");
        }
        return sb.toString();
    }

    /** The watchdog moved a quiescent domain's clock that nobody had moved (see {@link Watchdog}). */
    static String unmoved(Domain domain, long at, long realNanos) {
        return "timescope: every member of domain \"" + domain.name() + "\" was blocked at "
                + describeInstant(domain, at) + " and its clock had not moved for "
                + formatDuration(realNanos) + " of real time; the watchdog moved it. This is a timescope bug:"
                + " please report it with this message.";
    }

    static String runaway(Domain domain, long fired, long from, long reached, long target, Object busiest,
                          long busiestCount) {
        StringBuilder sb = new StringBuilder();
        sb.append("timescope: runaway timers in virtual-time domain \"").append(domain.name()).append("\": ")
                .append(fired).append(" timers fired while the clock advanced from ")
                .append(describeInstant(domain, from)).append(" to ").append(describeInstant(domain, reached));
        if (target != Wait.NO_DEADLINE) {
            sb.append(" without reaching its target, ").append(describeInstant(domain, target));
        }
        sb.append("; the limit is ").append(domain.options.runawayLimit)
                .append(" firings of one timer that re-arms (a periodic task, or a thread that keeps waiting).\n");
        if (busiest instanceof Thread) {
            Thread t = (Thread) busiest;
            sb.append("The busiest timer fired ").append(busiestCount).append(" times: thread \"")
                    .append(t.getName()).append("\", which keeps waiting (or spinning) at:\n");
            appendStack(sb, trimHooks(t.getStackTrace()), INDENT);
        } else if (busiest instanceof WorkView) {
            WorkView w = (WorkView) busiest;
            sb.append("The busiest timer fired ").append(busiestCount).append(" times: ").append(w.description());
            if (w.period != 0) {
                sb.append(", every ").append(formatDuration(Math.abs(w.period)));
            }
            sb.append('\n');
            appendSite(sb, w);
        } else if (busiest != null) {
            sb.append("The busiest timer fired ").append(busiestCount).append(" times: ").append(busiest).append('\n');
        }
        sb.append(domain.isGlobal() ? "Make the periodic work stop, or advance in smaller steps.\n"
                : "Make the periodic work stop, advance in smaller steps, or raise the limit "
                + "(VirtualClock.builder().runawayLimit(n), or @VirtualTime(runawayLimit = n)).\n");
        return sb.toString();
    }

    static String leak(Domain domain, List<MemberView> threads, List<WorkView> work) {
        StringBuilder sb = new StringBuilder();
        sb.append("timescope: virtual-time domain \"").append(domain.name()).append("\" closed at ")
                .append(describeInstant(domain, domain.elapsedNanos())).append(" while it still owned ");
        List<String> what = new ArrayList<>();
        if (!threads.isEmpty()) {
            what.add(count(threads.size(), "thread"));
        }
        long inFlight = work.stream().filter(w -> !w.isScheduled()).count();
        long scheduled = work.size() - inFlight;
        if (inFlight > 0) {
            what.add(count(inFlight, "task") + " in flight");
        }
        if (scheduled > 0) {
            what.add(count(scheduled, "scheduled task"));
        }
        sb.append(String.join(", ", what)).append(". Threads are interrupted and tasks cancelled now; nothing of")
                .append(" the domain runs on after it.\n");
        List<MemberView> byRoot = new ArrayList<>();
        List<MemberView> background = new ArrayList<>();
        for (MemberView m : threads) {
            (m.createdByRoot ? byRoot : background).add(m);
        }
        if (!byRoot.isEmpty()) {
            sb.append("Threads started by the test body (root thread \"").append(domain.rootThread().getName()).append("\"):\n");
            appendMembers(sb, domain, byRoot, byRoot.size());
        }
        if (!background.isEmpty()) {
            sb.append("Threads started by other threads of the domain:\n");
            appendMembers(sb, domain, background, background.size());
        }
        appendWork(sb, domain, work, "Tasks handed to pools and schedulers");
        sb.append("Stop what the test started before it ends: join threads; for an ExecutorService, shutdown() and")
                .append(" awaitTermination(); cancel scheduled and periodic tasks (ScheduledFuture.cancel,")
                .append(" Timer.cancel).\n");
        return sb.toString();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static void appendWork(StringBuilder sb, Domain domain, List<WorkView> work, String heading) {
        if (work.isEmpty()) {
            return;
        }
        sb.append(heading).append(" (").append(work.size()).append("):\n");
        for (WorkView w : work) {
            sb.append("  ").append(w.description());
            if (w.submitter != null) {
                sb.append(", from \"").append(w.submitter).append('"');
            }
            sb.append(": ");
            if (w.running > 0) {
                sb.append("running");
            } else if (w.queued > 0) {
                sb.append(w.blockedBehindPool ? "queued behind the pool's threads, all blocked in the domain"
                        : "queued, waiting for a pool thread");
            } else if (w.isScheduled()) {
                sb.append("scheduled for ").append(describeInstant(domain, w.deadline));
            } else {
                sb.append("pending");
            }
            if (w.period != 0) {
                sb.append(w.period > 0 ? ", at a fixed rate of " : ", with a fixed delay of ")
                        .append(formatDuration(Math.abs(w.period)));
            }
            sb.append('\n');
            appendSite(sb, w);
        }
    }

    private static void appendSite(StringBuilder sb, WorkView w) {
        if (w.site != null && w.site.length > 0) {
            sb.append(INDENT).append("scheduled at ").append(w.site[w.site.length - 1]).append('\n');
        }
    }

    /**
     * The first {@link #MEMBERS_WITH_STACKS} members with their stacks, the next ones a line each up to
     * {@link #MEMBERS_LISTED}, and a count of the rest: a report of 10,000 members stays short and cheap.
     */
    private static void appendMembers(StringBuilder sb, Domain domain, List<MemberView> members, int total) {
        int shown = 0;
        for (MemberView m : members) {
            if (shown == MEMBERS_LISTED) {
                break;
            }
            appendMember(sb, domain, m, shown < MEMBERS_WITH_STACKS);
            shown++;
        }
        if (total > shown) {
            sb.append("  ... and ").append(total - shown).append(total - shown == 1 ? " more member" : " more members")
                    .append('\n');
        }
    }

    private static void appendMember(StringBuilder sb, Domain domain, MemberView m, boolean withStack) {
        Thread t = m.thread;
        sb.append("  \"").append(t.getName()).append('"');
        if (m.root) {
            sb.append(" (root)");
        } else if (m.borrowed) {
            sb.append(" (a pool's thread, running the domain's work)");
        } else if (!m.createdByRoot) {
            sb.append(", created by \"").append(m.creatorName).append('"');
        }
        sb.append(Threads.isVirtual(t) ? ", virtual" : "").append(": ").append(describeState(domain, m)).append('\n');
        if (m.creationSite != null && m.creationSite.length > 0) {
            sb.append(INDENT).append("created at ").append(m.creationSite[m.creationSite.length - 1]).append('\n');
        }
        if (withStack) {
            appendStack(sb, trimHooks(t.getStackTrace()), INDENT);
        }
    }

    private static String describeState(Domain domain, MemberView m) {
        Thread.State real = m.thread.getState();
        if (m.waitKind == null) {
            String s = m.state == Member.State.RUNNING ? "runnable (" + real + ")" : m.state.toString().toLowerCase();
            if (real == Thread.State.BLOCKED) {
                s += lockDescription(m.thread);
            }
            return s;
        }
        StringBuilder sb = new StringBuilder(m.waitKind.description);
        if (m.waitKind == WaitKind.JOIN && m.blocker instanceof Thread) {
            sb.append(" thread \"").append(((Thread) m.blocker).getName()).append('"');
        } else if (m.blocker != null) {
            sb.append(" on ").append(blockerName(m.blocker));
            String owner = ownerOf(m.thread);
            if (owner != null) {
                sb.append(" owned by \"").append(owner).append('"');
            }
        }
        if (m.deadline != Wait.NO_DEADLINE) {
            sb.append(" until ").append(describeInstant(domain, m.deadline));
        } else if (!m.waitKind.isController()) {
            sb.append(", no deadline");
        }
        return sb.toString();
    }

    private static String blockerName(Object blocker) {
        String type = blocker.getClass().getName();
        return type + "@" + Integer.toHexString(System.identityHashCode(blocker));
    }

    /** The owner of what a platform thread waits on, through JMX; null when unknown. */
    private static String ownerOf(Thread t) {
        ThreadInfo info = threadInfo(t);
        return info == null ? null : info.getLockOwnerName();
    }

    private static String lockDescription(Thread t) {
        ThreadInfo info = threadInfo(t);
        if (info == null || info.getLockName() == null) {
            return " on a monitor";
        }
        String s = " on monitor " + info.getLockName();
        return info.getLockOwnerName() != null ? s + " owned by \"" + info.getLockOwnerName() + "\"" : s;
    }

    static ThreadInfo threadInfo(Thread t) {
        if (Threads.isVirtual(t)) {
            return null; // ThreadMXBean does not see virtual threads
        }
        try {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            return mx.getThreadInfo(t.getId());
        } catch (RuntimeException | LinkageError e) {
            return null; // java.management absent from a trimmed runtime: the report goes without owners
        }
    }

    /** Drops the frames of timescope's own waiting machinery from the top of a member's stack. */
    static StackTraceElement[] trimHooks(StackTraceElement[] stack) {
        int first = 0;
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().startsWith("dev.timescope.internal.")) {
                first = i + 1;
            }
        }
        StackTraceElement[] out = new StackTraceElement[stack.length - first];
        System.arraycopy(stack, first, out, 0, out.length);
        return out;
    }

    private static void appendStack(StringBuilder sb, StackTraceElement[] stack, String indent) {
        int n = Math.min(stack.length, MAX_FRAMES);
        for (int i = 0; i < n; i++) {
            if (i > 0 && isFrameworkFrame(stack[i])) {
                // What invoked the test is noise here: the reader wants the test's own frames.
                sb.append(indent).append("... ").append(stack.length - i).append(" more (reflection, test framework)\n");
                return;
            }
            sb.append(indent).append("at ").append(stack[i]).append('\n');
        }
        if (stack.length > n) {
            sb.append(indent).append("... ").append(stack.length - n).append(" more\n");
        }
    }

    private static boolean isFrameworkFrame(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.")
                || c.startsWith("org.junit.") || c.startsWith("org.testng.");
    }

    static String describeInstant(Domain domain, long virtualNanos) {
        return domain.start().plusNanos(virtualNanos) + " (+" + formatDuration(virtualNanos) + ")";
    }

    /** 3h 2m 5.250s, 250ms, 1.5µs: what a reader of a report wants, not ISO-8601. */
    static String formatDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return trim(nanos / 1_000.0) + "µs";
        }
        if (nanos < 1_000_000_000L) {
            return trim(nanos / 1_000_000.0) + "ms";
        }
        long totalSeconds = nanos / 1_000_000_000L;
        long subNanos = nanos % 1_000_000_000L;
        long days = totalSeconds / 86_400;
        long hours = totalSeconds / 3_600 % 24;
        long minutes = totalSeconds / 60 % 60;
        long seconds = totalSeconds % 60;
        StringBuilder sb = new StringBuilder();
        if (days > 0) {
            sb.append(days).append("d ");
        }
        if (days > 0 || hours > 0) {
            sb.append(hours).append("h ");
        }
        if (days > 0 || hours > 0 || minutes > 0) {
            sb.append(minutes).append("m ");
        }
        sb.append(seconds);
        long millis = subNanos / 1_000_000;
        if (millis != 0) {
            sb.append('.').append(String.format(java.util.Locale.ROOT, "%03d", millis).replaceAll("0+$", ""));
        }
        return sb.append('s').toString();
    }

    private static String trim(double value) {
        String s = String.format(java.util.Locale.ROOT, "%.3f", value);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
