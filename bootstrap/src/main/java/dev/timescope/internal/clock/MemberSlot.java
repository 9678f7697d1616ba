package dev.timescope.internal.clock;

/**
 * One thread's cached answer to "which member am I?" (see {@link Domains}): written by its own thread, and
 * cleared by whichever thread unregisters the member it holds.
 *
 * <p>Holding and releasing meet without a lock, as two volatile writes each followed by a volatile read:
 * {@link #hold} writes {@link Member#slot} and then reads {@link Member#unregistered}; {@link #release} writes
 * {@code unregistered} and then reads {@code slot}. Whichever comes second sees the other's write, so an
 * unregistered member never stays in a slot. Both writers of {@link #member} hold the slot's monitor, so a
 * release of the previous member cannot undo the hold of the next; the hooks read it without the lock.
 */
final class MemberSlot {

    /** The calling thread's member, or null. */
    volatile Member member;
    /** {@link Domains}' count of foreign registrations when this slot last looked itself up; own thread only. */
    int seen;

    /** Own thread only: {@code m} (possibly null) is now this thread's member. */
    synchronized void hold(Member m) {
        member = m;
        if (m != null) {
            m.slot = this;
            if (m.unregistered) {
                member = null;
            }
        }
    }

    /** Any thread: {@code m} is no member any more; the slot that holds it forgets it. */
    static void release(Member m) {
        m.unregistered = true;
        MemberSlot s = m.slot;
        if (s != null) {
            s.clear(m);
        }
    }

    private synchronized void clear(Member m) {
        if (member == m) {
            member = null;
        }
    }
}
