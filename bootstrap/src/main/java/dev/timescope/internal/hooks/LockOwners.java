package dev.timescope.internal.hooks;

import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * Who owns the lock a member is about to park on, for the locks that say ({@code ReentrantLock},
 * {@code ReentrantReadWriteLock}'s write lock, every {@code AbstractOwnableSynchronizer}): a member waiting for
 * a lock owned outside its domain (a pool's thread between tasks, a thread of no domain) is waiting on something
 * the clock cannot bring (section 3.1) and must hold the clock, not count as durably blocked. A lock whose owner
 * died holding it is never released: the wait is durable, and only its deadline can end it.
 *
 * <p>A {@code ReentrantLock} (or a read-write lock's write side with no reader) that has no owner while a member
 * parks on it is changing hands ({@link #isChangingHands}): its owner has just let go and is about to wake the first
 * waiter, or a thread has just taken it and is about to write its name. The member holds the clock through that
 * moment too, but only for a moment: the thread finishing the hand-over may be outside the domain, and were the
 * member counted as blocked meanwhile, a quiescent domain would move its clock before the lock's release reached it;
 * yet the new owner may as well be a member about to wait on the clock with the lock held, which the member must not
 * hold up. It parks for a short real slice, and looks again.
 */
final class LockOwners {

    private static final VarHandle OWNER = ownerHandle();

    private LockOwners() {
    }

    /** What a member's park on {@code blocker} waits for. */
    enum Waiting {
        /** Something only the clock or the domain's members can bring: the park is a durable wait. */
        IN_THE_DOMAIN,
        /** A lock exclusively owned by a live thread outside {@code m}'s domain: the member holds the clock. */
        OWNED_OUTSIDE,
        /** A lock changing hands ({@link #isChangingHands}): the member holds the clock for a moment. */
        CHANGING_HANDS
    }

    /** What {@code m}'s park on {@code blocker} waits for; the lock's owner is read once. */
    static Waiting waitingFor(Object blocker, Member m) {
        if (!(blocker instanceof AbstractOwnableSynchronizer) || OWNER == null) {
            return Waiting.IN_THE_DOMAIN;
        }
        Thread owner = (Thread) OWNER.getOpaque((AbstractOwnableSynchronizer) blocker);
        if (owner == null) {
            return isChangingHands(blocker) ? Waiting.CHANGING_HANDS : Waiting.IN_THE_DOMAIN;
        }
        if (owner == m.thread() || !owner.isAlive()) {
            return Waiting.IN_THE_DOMAIN; // its own, or held by a thread that died holding it: only a timeout ends it
        }
        Member o = Domains.memberOf(owner);
        return o == null || o.domain() != m.domain() ? Waiting.OWNED_OUTSIDE : Waiting.IN_THE_DOMAIN;
    }

    /**
     * Whether {@code blocker}, an exclusive lock found without an owner, is changing hands: a {@code ReentrantLock}'s,
     * or a read-write lock's with no read hold (its state's upper half counts readers, who never own it: waiting for
     * them is durable, as waiting for any other count is).
     */
    private static boolean isChangingHands(Object blocker) {
        Class<?> c = blocker.getClass();
        if (c == REENTRANT_FAIR || c == REENTRANT_NONFAIR) {
            return true;
        }
        if ((c == READ_WRITE_FAIR || c == READ_WRITE_NONFAIR) && STATE != null) {
            return ((int) STATE.getOpaque((AbstractQueuedSynchronizer) blocker) >>> 16) == 0;
        }
        return false;
    }

    private static final Class<?> REENTRANT_FAIR = jdkClass("java.util.concurrent.locks.ReentrantLock$FairSync");
    private static final Class<?> REENTRANT_NONFAIR = jdkClass("java.util.concurrent.locks.ReentrantLock$NonfairSync");
    private static final Class<?> READ_WRITE_FAIR =
            jdkClass("java.util.concurrent.locks.ReentrantReadWriteLock$FairSync");
    private static final Class<?> READ_WRITE_NONFAIR =
            jdkClass("java.util.concurrent.locks.ReentrantReadWriteLock$NonfairSync");
    private static final VarHandle STATE = stateHandle();

    private static Class<?> jdkClass(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            HookFailure.fallBack(name, e);
            return null;
        }
    }

    private static VarHandle stateHandle() {
        try {
            return JdkAccess.field(AbstractQueuedSynchronizer.class, "state", int.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            HookFailure.fallBack("AbstractQueuedSynchronizer's state", e);
            return null;
        }
    }

    private static VarHandle ownerHandle() {
        try {
            return JdkAccess.field(AbstractOwnableSynchronizer.class, "exclusiveOwnerThread", Thread.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            HookFailure.fallBack("AbstractOwnableSynchronizer's owner", e);
            return null;
        }
    }
}
