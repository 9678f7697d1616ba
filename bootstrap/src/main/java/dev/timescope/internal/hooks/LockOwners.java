package dev.timescope.internal.hooks;

import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;

/**
 * Who owns the lock a member is about to park on, for the locks that say ({@code ReentrantLock},
 * {@code ReentrantReadWriteLock}'s write lock, every {@code AbstractOwnableSynchronizer}): a member waiting for
 * a lock owned outside its domain (a pool's thread between tasks, a thread of no domain) is waiting on something
 * the clock cannot bring (section 3.1) and must hold the clock, not count as durably blocked. A lock whose owner
 * died holding it is never released: the wait is durable, and only its deadline can end it.
 */
final class LockOwners {

    private static final VarHandle OWNER = ownerHandle();

    private LockOwners() {
    }

    /** True when {@code blocker} is a lock exclusively owned by a thread outside {@code m}'s domain. */
    static boolean isOwnedOutside(Object blocker, Member m) {
        if (!(blocker instanceof AbstractOwnableSynchronizer) || OWNER == null) {
            return false;
        }
        Thread owner = (Thread) OWNER.getOpaque((AbstractOwnableSynchronizer) blocker);
        if (owner == null || owner == m.thread() || !owner.isAlive()) {
            return false; // free, its own, or held by a thread that died holding it: only a timeout ends that wait
        }
        Member o = Domains.memberOf(owner);
        return o == null || o.domain() != m.domain();
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
