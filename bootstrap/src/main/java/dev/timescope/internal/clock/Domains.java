package dev.timescope.internal.clock;

import dev.timescope.internal.AgentStatus;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which thread belongs to which domain.
 *
 * <p>Every hook starts here. Outside every domain the answer costs one volatile read
 * ({@link #anyOpen()}); while a domain is open, a thread that belongs to no domain learns it from its thread id
 * and one array element ({@link #MEMBER_IDS}), and a member finds its own record in a {@link ThreadLocal} cache
 * ({@link MemberSlot}), a probe the JIT inlines: neither looks anything up in a map, however many domains are
 * open elsewhere. The map below stays the authority, and the only way to look up another thread.
 *
 * <p>The cache is kept right without locking the hot path:
 * <ul>
 *   <li>a thread registered by itself (a domain's root, a pool thread that borrows a domain) writes its own slot;</li>
 *   <li>a thread registered before it starts (adopted as it is constructed) has no slot yet, and its slot is
 *       filled from the map on its first look-up;</li>
 *   <li>a running thread registered by another thread (a pool's idle worker attached by a shutdown) bumps
 *       {@link #foreignRegistrations}, after which every slot looks itself up again once;</li>
 *   <li>an unregistration, from whichever thread, clears the member's slot if it has one
 *       ({@link MemberSlot#release}).</li>
 * </ul>
 */
public final class Domains {

    /** Open domains. Hooks read it first: zero means "do exactly what the JDK does". */
    private static volatile int open;

    /** Registrations of a running thread by another thread; a slot that saw fewer looks itself up again. */
    private static volatile int foreignRegistrations;

    private static final ConcurrentHashMap<Thread, Member> MEMBERS = new ConcurrentHashMap<>();

    private static final ThreadLocal<MemberSlot> SLOT = new ThreadLocal<>();

    /**
     * How many registered members have a thread id that falls in each bucket ({@code id & (length - 1)}): a
     * thread whose bucket is zero is no member, which a hook learns from its thread's id and one array element,
     * with no {@link ThreadLocal} probe. A non-zero bucket (the thread is a member, or shares a bucket with one)
     * sends the hook on to its slot. Changed under {@code Domains.class}; read without the lock (volatile reads).
     */
    private static final AtomicIntegerArray MEMBER_IDS = new AtomicIntegerArray(1 << 14);
    private static final int ID_MASK = (1 << 14) - 1;

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
        Thread self = Thread.currentThread();
        if (MEMBER_IDS.get(bucket(self)) == 0) {
            return null;
        }
        Member m = slot().member;
        return m == null || m.realTimeDepth != 0 ? null : m;
    }

    /** The member record of the calling thread, real-time section or not; null if none. */
    public static Member currentRecord() {
        if (open == 0 || MEMBER_IDS.get(bucket(Thread.currentThread())) == 0) {
            return null;
        }
        return slot().member;
    }

    /**
     * The thread's bucket, from its id. {@code Thread.getId} is what JDK 17 has ({@code threadId()} is JDK 19+,
     * both read the same field); a subclass could override it on JDK 17, and a thread whose override did not
     * return the same value every time could then be missed as a member.
     */
    @SuppressWarnings("deprecation")
    private static int bucket(Thread thread) {
        return (int) thread.getId() & ID_MASK;
    }

    /** The calling thread's slot, up to date with the map. */
    private static MemberSlot slot() {
        MemberSlot s = SLOT.get();
        if (s == null || s.seen != foreignRegistrations) {
            s = refresh(s);
        }
        return s;
    }

    private static MemberSlot refresh(MemberSlot s) {
        if (s == null) {
            s = new MemberSlot();
            SLOT.set(s);
        }
        s.seen = foreignRegistrations; // first: a registration after this read is seen by the next look-up
        s.hold(MEMBERS.get(Thread.currentThread()));
        return s;
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
        if (previous == null) {
            member.idBucket = bucket(member.thread);
            countId(member.idBucket, 1); // before the slots learn of it: a hook that finds its bucket empty is no member
        }
        if (member.thread == Thread.currentThread()) {
            MemberSlot s = SLOT.get();
            if (s == null) {
                refresh(null);
            } else {
                s.hold(member);
            }
        } else if (member.thread.isAlive()) {
            foreignRegistered();
        }
        // else: not started yet, so it has no slot; its first look-up fills one from the map
    }

    static void unregister(Member member) {
        if (MEMBERS.remove(member.thread, member)) {
            countId(member.idBucket, -1);
        }
        MemberSlot.release(member);
    }

    private static synchronized void countId(int bucket, int delta) {
        MEMBER_IDS.addAndGet(bucket, delta);
    }

    private static synchronized void foreignRegistered() {
        foreignRegistrations++;
    }

    /** A domain has just opened: the first one runs the agent's deferred check of the JDK before any hook acts. */
    static void opened() {
        AgentStatus.beforeDomainOpens();
        countOpened();
    }

    private static synchronized void countOpened() {
        open++;
    }

    static synchronized void closed() {
        open--;
    }
}
