package dev.timescope.internal.hooks;

import dev.timescope.internal.clock.Domain;
import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import dev.timescope.internal.clock.MonitorWaiters;
import dev.timescope.internal.clock.Wait;
import dev.timescope.internal.clock.WakeOutcome;
import java.util.concurrent.TimeUnit;

/**
 * The {@code Object.wait} instrumentation's hooks (contract, sections 2 and 3.1): a member's
 * {@code wait(timeout)} ends at its virtual deadline, and while it waits it is durably blocked; a notify makes
 * the waiter it chooses runnable from that instant.
 *
 * <p>Only the JVM can release a monitor, so a waiting member still sits in a real, untimed {@code wait()}.
 * A notify is a real {@code notifyAll} behind which the domain chooses one waiter: the others wake and wait
 * again. When the domain ends a wait otherwise (its deadline, a deadlock report, the domain closing), its
 * dispatcher interrupts the thread, which takes that interrupt back once it holds the monitor again. A thread
 * woken by the deadline is therefore, as in real life, BLOCKED until it can re-enter the monitor.
 */
public final class MonitorHooks {

    private MonitorHooks() {
    }

    public static void wait(Object monitor) throws InterruptedException {
        Member m = Domains.current();
        if (m == null) {
            monitor.wait();
            return;
        }
        waitMember(m, monitor, 0, -1);
    }

    public static void wait(Object monitor, long timeoutMillis) throws InterruptedException {
        Member m = Domains.current();
        if (m == null) {
            monitor.wait(timeoutMillis);
            return;
        }
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        waitMember(m, monitor, timeoutMillis, timeoutMillis == 0 ? -1 : TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }

    public static void wait(Object monitor, long timeoutMillis, int nanos) throws InterruptedException {
        Member m = Domains.current();
        if (m == null) {
            monitor.wait(timeoutMillis, nanos);
            return;
        }
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        if (nanos < 0 || nanos > 999_999) {
            throw new IllegalArgumentException("nanosecond timeout value out of range");
        }
        long total = TimeUnit.MILLISECONDS.toNanos(timeoutMillis) + nanos;
        waitMember(m, monitor, timeoutMillis, total == 0 ? -1 : total);
    }

    public static void notify(Object monitor) {
        if (Domains.anyOpen() && Thread.holdsLock(monitor) && chooseOne(monitor)) {
            monitor.notifyAll(); // the chosen waiter returns; the others wake and wait again
        } else {
            monitor.notify(); // throws IllegalMonitorStateException as the JDK does, when not the owner
        }
    }

    public static void notifyAll(Object monitor) {
        if (Domains.anyOpen() && Thread.holdsLock(monitor)) {
            try {
                MonitorWaiters.notifyAll(monitor);
            } catch (RuntimeException | LinkageError e) {
                HookFailure.fallBack("Object.notifyAll", e);
            }
        }
        monitor.notifyAll();
    }

    /** True if members wait on {@code monitor}: then a real notifyAll is needed, so that none is passed over. */
    private static boolean chooseOne(Object monitor) {
        try {
            return MonitorWaiters.notifyOne(monitor);
        } catch (RuntimeException | LinkageError e) {
            HookFailure.fallBack("Object.notify", e);
            return true; // a notifyAll wakes whoever the notify was for; the others may wake spuriously
        }
    }

    /** @param nanos the virtual timeout, or -1 for none; {@code millis}: the real one, for a fall-back */
    private static void waitMember(Member m, Object monitor, long millis, long nanos) throws InterruptedException {
        if (!Thread.holdsLock(monitor)) {
            throw new IllegalMonitorStateException("current thread is not owner");
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Domain domain = m.domain();
        Wait w;
        try {
            w = domain.beginMonitorWait(m, monitor, nanos);
        } catch (RuntimeException | LinkageError e) {
            HookFailure.fallBack("Object.wait", e);
            monitor.wait(millis);
            return;
        }
        if (w == null) {
            monitor.wait(millis); // the domain is closing: real time
            return;
        }
        boolean interrupted = false;
        long notifies = Domain.notifiesSoFar(w);
        while (!Domain.isEnded(w)) {
            try {
                monitor.wait();
            } catch (InterruptedException e) {
                interrupted = true; // the interrupt hook or the dispatcher ended the wait first
                break;
            }
            if (Domain.isEnded(w)) {
                break;
            }
            if (Domain.wokeOnItsOwn(w, notifies)) {
                break; // spurious, or a notify from code timescope does not rewrite
            }
            notifies = Domain.notifiesSoFar(w); // a notify that chose another waiter: wait again
        }
        WakeOutcome outcome = domain.endMonitorWait(w, interrupted);
        switch (outcome.reason) {
            case INTERRUPTED:
                throw new InterruptedException();
            case FAILED:
                throw Domain.failureOf(outcome);
            case CLOSED:
                if (outcome.remainingNanos != 0) {
                    long rest = outcome.remainingNanos < 0
                            ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(outcome.remainingNanos));
                    monitor.wait(rest); // the rest in real time
                }
                return;
            default:
                return;
        }
    }
}
