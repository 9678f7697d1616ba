package dev.timescope.internal.clock;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which thread belongs to which domain.
 *
 * <p>Every hook starts here. Outside every domain the answer costs one volatile read
 * ({@link #anyOpen()}); only while a domain is open does a hook look its thread up.
 */
public final class Domains {

    /** Open domains. Hooks read it first: zero means "do exactly what the JDK does". */
    private static volatile int open;

    private static final ConcurrentHashMap<Thread, Member> MEMBERS = new ConcurrentHashMap<>();

    private Domains() {
    }

    /** True while at least one domain is open; the whole cost of a hook outside domains. */
    public static boolean anyOpen() {
        return open != 0;
    }

    /** The member record of {@code thread}, or null when it belongs to no open domain. */
    public static Member memberOf(Thread thread) {
        if (open == 0) {
            return null;
        }
        return MEMBERS.get(thread);
    }

    /**
     * The member record of the calling thread, or null: also null inside a real-time section, where the
     * member's hooks do what the JDK does while it keeps holding the clock.
     */
    public static Member current() {
        if (open == 0) {
            return null;
        }
        Member m = MEMBERS.get(Thread.currentThread());
        return m == null || m.realTimeDepth != 0 ? null : m;
    }

    /** The member record of the calling thread, real-time section or not; null if none. */
    public static Member currentRecord() {
        return open == 0 ? null : MEMBERS.get(Thread.currentThread());
    }

    /** timescope's dispatcher: its interrupts end {@code Object.wait}s the domain ended; they are no real interrupts. */
    public static boolean isDispatcher(Thread thread) {
        return Dispatcher.isDispatcher(thread);
    }

    static void register(Member member) {
        Member previous = MEMBERS.putIfAbsent(member.thread, member);
        if (previous != null && previous != member) {
            throw new IllegalStateException("thread \"" + member.thread.getName()
                    + "\" already belongs to virtual-time domain " + previous.domain.name());
        }
    }

    static void unregister(Member member) {
        MEMBERS.remove(member.thread, member);
    }

    static synchronized void opened() {
        open++;
    }

    static synchronized void closed() {
        open--;
    }
}
